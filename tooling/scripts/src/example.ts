// `pnpm example <file> [args...]`: runs a program with tsx, its `@aio/*` imports mapped to the
// package sources (docs/guide/examples/tsconfig.json), so nothing needs building or installing.
//
//   pnpm example docs/guide/examples/start/hello.ts
//   pnpm example ../my-program.ts            (a relative path is taken from where you typed it)
//
// The file may live anywhere. Like every Node program, it runs as an ES module only in an ES
// module context: a .mts file, or a .ts file whose nearest package.json says "type": "module".
// Elsewhere (a folder without package.json, a package made by `npm init -y`) tsx compiles it to
// CommonJS, where top-level `await` and `import.meta` do not exist. When the program fails for that
// reason, this script says so and how to fix it, after tsx's own error.
import { spawn } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, extname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "../../..");
const TSCONFIG = join(REPO_ROOT, "docs", "guide", "examples", "tsconfig.json");

/** How Node (and tsx) will load a file: as an ES module or as CommonJS, and why. */
export interface ModuleContext {
  format: "module" | "commonjs";
  /** The package.json that decided, or null (decided by the extension, or no package.json at all). */
  packageJson: string | null;
  /** Why, in words: `.mts file`, `"type": "module" in /x/package.json`, `no "type" field in …`, … */
  reason: string;
}

/** The format a .ts/.js file gets from its extension or its nearest package.json. */
export function moduleContext(file: string): ModuleContext {
  const ext = extname(file);
  if (ext === ".mts" || ext === ".mjs") return { format: "module", packageJson: null, reason: `a ${ext} file` };
  if (ext === ".cts" || ext === ".cjs") return { format: "commonjs", packageJson: null, reason: `a ${ext} file` };
  for (let dir = dirname(resolve(file)); ; dir = dirname(dir)) {
    const candidate = join(dir, "package.json");
    if (existsSync(candidate)) {
      let type: unknown;
      try {
        type = (JSON.parse(readFileSync(candidate, "utf8")) as { type?: unknown }).type;
      } catch {
        type = undefined;
      }
      if (type === "module") return { format: "module", packageJson: candidate, reason: `"type": "module" in ${candidate}` };
      const said = type === undefined ? `no "type" field in ${candidate}` : `"type": ${JSON.stringify(type)} in ${candidate}`;
      return { format: "commonjs", packageJson: candidate, reason: said };
    }
    if (dirname(dir) === dir) return { format: "commonjs", packageJson: null, reason: "no package.json in its folder or above" };
  }
}

/** What tsx and Node print when an ES-module-only feature is compiled or loaded as CommonJS. */
export const COMMONJS_ERROR =
  /not supported with the "cjs" output format|ERR_REQUIRE_ASYNC_MODULE|ERR_REQUIRE_ESM|Cannot use import statement outside a module|import\.meta.*(?:cjs|CommonJS)/;

/** The explanation printed when a program failed because it ran as CommonJS. */
export function commonJsHint(file: string, context: ModuleContext): string[] {
  const fix = context.packageJson
    ? `set "type": "module" in ${context.packageJson} (npm pkg set type=module), or rename the file to .mts`
    : `add a package.json with "type": "module" next to it (npm init -y && npm pkg set type=module), or rename the file to .mts`;
  return [
    "",
    `example: ${file} ran as CommonJS (${context.reason}).`,
    "@aio programs are ES modules: top-level await and import.meta work only there.",
    `To fix it: ${fix}.`,
  ];
}

/** The tsx command line for a program (run with the current node). */
export function tsxArgs(file: string, args: readonly string[]): string[] {
  const cli = createRequire(import.meta.url).resolve("tsx/cli");
  return [cli, "--tsconfig", TSCONFIG, file, ...args];
}

/** Resolves the file argument: from where the command was typed, else from the repo root. */
export function resolveProgram(arg: string, initCwd = process.env["INIT_CWD"]): string {
  const fromCaller = resolve(initCwd ?? process.cwd(), arg);
  if (existsSync(fromCaller)) return fromCaller;
  const fromRoot = resolve(REPO_ROOT, arg);
  return existsSync(fromRoot) ? fromRoot : fromCaller;
}

function main(argv: readonly string[]): void {
  const [arg, ...rest] = argv;
  if (arg === undefined || arg === "--help" || arg === "-h") {
    console.log("usage: pnpm example <file.ts> [args...]   (runs it with tsx, @aio/* mapped to the package sources)");
    process.exitCode = arg === undefined ? 2 : 0;
    return;
  }
  const file = resolveProgram(arg);
  if (!existsSync(file)) {
    console.error(`example: no such file: ${file}`);
    process.exitCode = 2;
    return;
  }
  const context = moduleContext(file);
  const env = { ...process.env };
  // stderr is read here (to recognise a CommonJS failure) and passed on as it comes: keep tsx's colours.
  if (process.stderr.isTTY && env["NO_COLOR"] === undefined && env["FORCE_COLOR"] === undefined) env["FORCE_COLOR"] = "1";
  const child = spawn(process.execPath, tsxArgs(file, rest), { cwd: REPO_ROOT, env, stdio: ["inherit", "inherit", "pipe"] });
  let tail = "";
  child.stderr.on("data", (chunk: Buffer) => {
    process.stderr.write(chunk);
    tail = (tail + chunk.toString("utf8")).slice(-64 * 1024);
  });
  // Ctrl-C reaches the program too (same process group): let it decide, and exit as it does.
  const ignore = (): void => {};
  process.on("SIGINT", ignore);
  process.on("SIGTERM", ignore);
  child.on("close", (code, signal) => {
    if (code !== 0 && context.format === "commonjs" && COMMONJS_ERROR.test(tail)) {
      for (const line of commonJsHint(file, context)) console.error(line);
    }
    if (signal !== null) {
      process.off("SIGINT", ignore);
      process.off("SIGTERM", ignore);
      process.kill(process.pid, signal);
      return;
    }
    process.exitCode = code ?? 1;
  });
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) main(process.argv.slice(2));
