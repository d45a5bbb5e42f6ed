// Shared vitest settings for every @aio package.
// - Every `@aio/<name>` import resolves to that package's TypeScript source, so tests need no build,
//   see one copy of each module, and a package's tests may use packages above it in the DAG
//   (task tests drive tasks on @aio/loop) without a dependency cycle in package.json.
// - The package under test (the one whose package.json sits in the working directory) resolves to
//   the src/ beside it, so a copy of the package elsewhere (a Stryker sandbox) tests its own sources.
// - Each run writes a JSON report to .vitest/results.json; the root `pnpm test` sums them.
import { readdirSync, readFileSync, existsSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { defineConfig, type TestProjectConfiguration } from "vitest/config";

const packagesDir = resolve(dirname(fileURLToPath(import.meta.url)), "../../packages");

/**
 * `@aio/<name>` → `packages/<name>/src/index.ts` for every package in the repo, and
 * `@aio/<name>/internal` → `src/internal.ts` where a package has that subpath (listed first: an
 * alias also matches the specifiers that start with it and a slash).
 */
export function sourceAliases(): Record<string, string> {
  const aliases: Record<string, string> = {};
  const names = readdirSync(packagesDir);
  for (const name of names) {
    const internal = join(packagesDir, name, "src/internal.ts");
    if (existsSync(internal)) aliases[`@aio/${name}/internal`] = internal;
  }
  for (const name of names) {
    const entry = join(packagesDir, name, "src/index.ts");
    if (existsSync(entry)) aliases[`@aio/${name}`] = entry;
  }
  return aliases;
}

/** `@aio/<name>` → `<cwd>/src/index.ts` for the package in the working directory (if any). */
export function ownAlias(cwd: string = process.cwd()): Record<string, string> {
  const manifest = join(cwd, "package.json");
  const entry = join(cwd, "src/index.ts");
  if (!existsSync(manifest) || !existsSync(entry)) return {};
  const { name } = JSON.parse(readFileSync(manifest, "utf8")) as { name?: unknown };
  return typeof name === "string" && name.startsWith("@aio/") ? { [name]: entry } : {};
}

/**
 * Under mutation testing, the files of `mainThread` (tests of real signals) run in a project of their
 * own in forked processes: Stryker's vitest runner runs tests in worker threads, where Node delivers
 * no signals.
 */
function mutationProjects(mainThread: readonly string[], cwd: string = process.cwd()): { projects?: TestProjectConfiguration[] } {
  if (process.env.AIO_MUTATION !== "1" || mainThread.length === 0) return {};
  // `extends: true` concatenates include/exclude lists, so each project excludes the other's files.
  const others = readdirSync(join(cwd, "test"))
    .map((f) => `test/${f}`)
    .filter((f) => f.endsWith(".test.ts") && !mainThread.includes(f));
  return {
    projects: [
      { extends: true as const, test: { name: "threads", exclude: [...mainThread] } },
      {
        extends: true as const,
        test: { name: "main-thread", exclude: [...others, "examples/**"] },
        // Stryker's runner asks for `pool: "threads"` for every project; a config hook runs after
        // that request is merged in, and puts this project's files back in forked processes.
        plugins: [
          {
            name: "aio:main-thread-pool",
            config(config) {
              config.test = { ...config.test, pool: "forks" };
            },
          },
        ],
      },
    ],
  };
}

/**
 * The vitest config every package's `vitest.config.ts` exports (optionally adjusted).
 * `mainThreadTests`: test files (`test/x.test.ts`) that need the process's main thread.
 */
export function packageConfig(options: { typecheck?: boolean; testTimeout?: number; mainThreadTests?: readonly string[] } = {}) {
  return defineConfig({
    resolve: { alias: { ...sourceAliases(), ...ownAlias() } },
    test: {
      include: ["test/**/*.test.ts", "examples/**/*.test.ts"],
      reporters: ["default", ["json", { outputFile: ".vitest/results.json" }]],
      // Under mutation testing a mutant that leaves a test waiting forever should fail it quickly:
      // Stryker's own timeout would instead restart the test runner (seconds each time). Our
      // slowest test takes about 0.2 s.
      testTimeout: process.env.AIO_MUTATION === "1" ? 2_000 : (options.testTimeout ?? 10_000),
      hookTimeout: process.env.AIO_MUTATION === "1" ? 2_000 : 10_000,
      typecheck: {
        // Off under mutation testing (AIO_MUTATION=1): mutants change no types, and the TypeScript
        // checker already rejects the ones that do not compile.
        enabled: (options.typecheck ?? false) && process.env.AIO_MUTATION !== "1",
        include: ["test/**/*.test-d.ts"],
        tsconfig: "./tsconfig.test.json",
      },
      ...mutationProjects(options.mainThreadTests ?? []),
    },
  });
}
