// Shared vitest settings for every @aio package.
// - Every `@aio/<name>` import resolves to that package's TypeScript source, so tests need no build,
//   see one copy of each module, and a package's tests may use packages above it in the DAG
//   (task tests drive tasks on @aio/loop) without a dependency cycle in package.json.
// - Each run writes a JSON report to .vitest/results.json; the root `pnpm test` sums them.
import { readdirSync, existsSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

const packagesDir = resolve(dirname(fileURLToPath(import.meta.url)), "../../packages");

/** `@aio/<name>` → `packages/<name>/src/index.ts` for every package in the repo. */
export function sourceAliases(): Record<string, string> {
  const aliases: Record<string, string> = {};
  for (const name of readdirSync(packagesDir)) {
    const entry = join(packagesDir, name, "src/index.ts");
    if (existsSync(entry)) aliases[`@aio/${name}`] = entry;
  }
  return aliases;
}

/** The vitest config every package's `vitest.config.ts` exports (optionally adjusted). */
export function packageConfig(options: { typecheck?: boolean; testTimeout?: number } = {}) {
  return defineConfig({
    resolve: { alias: sourceAliases() },
    test: {
      include: ["test/**/*.test.ts", "examples/**/*.test.ts"],
      reporters: ["default", ["json", { outputFile: ".vitest/results.json" }]],
      testTimeout: options.testTimeout ?? 10_000,
      typecheck: {
        enabled: options.typecheck ?? false,
        include: ["test/**/*.test-d.ts"],
        tsconfig: "./tsconfig.test.json",
      },
    },
  });
}
