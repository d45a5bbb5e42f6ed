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
 * How tests run under mutation testing (AIO_MUTATION=1), where Stryker runs them once per mutant:
 * - Test files share one module graph within a run (`isolate: false`): a fresh worker per file cost
 *   more than the tests themselves. Each run still starts from fresh modules, so nothing a mutant
 *   leaves behind reaches the next mutant's run.
 * - `isolated` files still get fresh modules each: they assert state a module keeps for the whole
 *   process (a counter, a "first ContextVar set" flag, one page listener per module), which another
 *   file may already have changed.
 * - `mainThread` files (tests of real signals) run in forked processes: Stryker's vitest runner runs
 *   tests in worker threads, where Node delivers no signals.
 */
export function mutationProjects(mainThread: readonly string[], isolated: readonly string[], cwd: string = process.cwd()): { isolate?: boolean; projects?: TestProjectConfiguration[] } {
  if (process.env.AIO_MUTATION !== "1") return {};
  if (mainThread.length === 0 && isolated.length === 0) return { isolate: false };
  const all = readdirSync(join(cwd, "test"))
    .map((f) => `test/${f}`)
    .filter((f) => f.endsWith(".test.ts"));
  // `extends: true` concatenates include/exclude lists, so each project excludes the others' files.
  const except = (keep: readonly string[]): string[] => [...all.filter((f) => !keep.includes(f)), "examples/**"];
  const projects: TestProjectConfiguration[] = [
    { extends: true as const, test: { name: "shared", isolate: false, exclude: [...mainThread, ...isolated] } },
  ];
  if (isolated.length > 0) projects.push({ extends: true as const, test: { name: "isolated", isolate: true, exclude: except(isolated) } });
  if (mainThread.length > 0) {
    projects.push({
      extends: true as const,
      test: { name: "main-thread", exclude: except(mainThread) },
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
    });
  }
  return { projects };
}

/**
 * The vitest config every package's `vitest.config.ts` exports (optionally adjusted).
 * `mainThreadTests`: test files (`test/x.test.ts`) that need the process's main thread;
 * `isolatedTests`: files that need fresh modules under mutation testing (see mutationProjects).
 */
export function packageConfig(
  options: { typecheck?: boolean; testTimeout?: number; mainThreadTests?: readonly string[]; isolatedTests?: readonly string[] } = {},
) {
  const mutation = process.env.AIO_MUTATION === "1";
  return defineConfig({
    resolve: { alias: { ...sourceAliases(), ...ownAlias() } },
    test: {
      include: ["test/**/*.test.ts", "examples/**/*.test.ts"],
      reporters: ["default", ["json", { outputFile: ".vitest/results.json" }]],
      // Under mutation testing a mutant that leaves a test waiting forever should fail it quickly:
      // Stryker's own timeout would instead restart the test runner (seconds each time). Our
      // slowest test takes about 0.2 s.
      testTimeout: mutation ? 2_000 : (options.testTimeout ?? 10_000),
      hookTimeout: mutation ? 2_000 : 10_000,
      typecheck: {
        // Off under mutation testing (AIO_MUTATION=1): mutants change no types, and the TypeScript
        // checker already rejects the ones that do not compile.
        enabled: (options.typecheck ?? false) && !mutation,
        include: ["test/**/*.test-d.ts"],
        tsconfig: "./tsconfig.test.json",
      },
      ...mutationProjects(options.mainThreadTests ?? [], options.isolatedTests ?? []),
    },
  });
}
