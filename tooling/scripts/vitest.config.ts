// The shared package settings (JSON report to .vitest/results.json, summed by the root `pnpm test`).
// Imported by relative path so vite bundles the TypeScript config file instead of loading it from node_modules.
import { packageConfig } from "../config/vitest.ts";

// Several tests run real commands (tsc, pnpm pack, npm install): generous time on a loaded machine.
export default packageConfig({ testTimeout: 30_000 });
