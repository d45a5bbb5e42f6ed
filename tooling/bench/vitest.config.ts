// Relative import: vitest bundles the config file, so the shared TypeScript config is inlined.
import { packageConfig } from "../config/vitest.ts";

export default packageConfig();
