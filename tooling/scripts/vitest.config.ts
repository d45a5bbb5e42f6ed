// The shared package settings (JSON report to .vitest/results.json, summed by the root `pnpm test`).
// Imported by relative path so vite bundles the TypeScript config file instead of loading it from node_modules.
import { packageConfig } from "../config/vitest.ts";

export default packageConfig();
