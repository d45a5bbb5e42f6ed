// Relative import: vitest bundles the config file, so the shared TypeScript config is inlined.
// Browser tests launch Chromium and bundle with esbuild: they run one file at a time, with room.
import { defineConfig, mergeConfig } from "vitest/config";
import { packageConfig } from "../config/vitest.ts";

export default mergeConfig(
  packageConfig({ testTimeout: 120_000 }),
  defineConfig({ test: { fileParallelism: false, hookTimeout: 120_000 } }),
);
