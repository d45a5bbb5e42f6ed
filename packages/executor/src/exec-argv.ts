// The Node flags a worker starts with: this process's (its execArgv and NODE_OPTIONS), less the
// ones that only make sense here, and less a TypeScript loader unless the worker imports modules.

// Flags of this process that must not reach a worker: they are about this process's entry point
// (`-e`, `--input-type`, `--test`, `--watch`) or would collide in the child (`--inspect`'s port).
const PARENT_ONLY = /^(?:-[epci]|--(?:eval|print|check|interactive|input-type|test|watch|inspect|debug-port)(?:-[\w-]+)?)(?:=|$)/;
const TAKES_VALUE = /^(-[ep]|--(eval|print|input-type|watch-path|inspect-port|debug-port))$/;

// The flags that preload a module or install loader hooks: `--import x`, `-r x`, `--loader=x`, ….
const PRELOAD = /^(?:--import|--require|-r|--loader|--experimental-loader)$/;
const PRELOAD_WITH_VALUE = /^(?:--import|--require|--loader|--experimental-loader)=(.*)$/s;

// The TypeScript loaders (by package): what they preload only compiles source files as they are
// imported, which a function job sent by its source never does.
const TS_LOADER_PACKAGE = String.raw`(?:tsx|ts-node|@swc-node[\\/]register|@swc[\\/]register|esbuild-register|@esbuild-kit[\\/][\w.-]+|jiti)`;
const TS_LOADER_SPECIFIER = new RegExp(`^${TS_LOADER_PACKAGE}(?:[\\\\/].*)?$`);
const TS_LOADER_PATH = new RegExp(`[\\\\/]node_modules[\\\\/]${TS_LOADER_PACKAGE}[\\\\/]`);

/** True if `specifier` (of `--import`, `--require`, `--loader`) names a TypeScript loader. */
export function isTypeScriptLoader(specifier: string): boolean {
  return TS_LOADER_SPECIFIER.test(specifier) || TS_LOADER_PATH.test(specifier);
}

/** What `flags` preload (the values of `--import x`, `-r x`, `--loader=x`, …), in order. */
export function preloadedModules(flags: readonly string[]): string[] {
  const found: string[] = [];
  for (let i = 0; i < flags.length; i++) {
    const arg = flags[i] as string;
    if (PRELOAD.test(arg)) {
      if (i + 1 < flags.length) found.push(flags[++i] as string);
      continue;
    }
    const inline = PRELOAD_WITH_VALUE.exec(arg);
    if (inline !== null) found.push(inline[1] as string);
  }
  return found;
}

/** Options of {@link workerExecArgv} and {@link workerNodeOptions}. */
export interface WorkerFlagOptions {
  /** Keep the TypeScript loader flags (for a worker that imports fromModule modules). @defaultValue false */
  readonly keepLoaders?: boolean;
}

/**
 * `process.execArgv` less the flags (and their values) that belong to this process only, and,
 * unless `keepLoaders`, less the preloads of a TypeScript loader (tsx, ts-node, …).
 */
export function workerExecArgv(execArgv: readonly string[] = process.execArgv, options: WorkerFlagOptions = {}): string[] {
  return filterFlags(execArgv, options.keepLoaders ?? false, true);
}

/**
 * `NODE_OPTIONS` for a worker: unless `keepLoaders`, less the preloads of a TypeScript loader, which
 * a child process (and a worker thread, for `--require`) would otherwise load from the environment.
 * @returns the value unchanged when nothing is dropped; undefined when nothing is left.
 */
export function workerNodeOptions(nodeOptions: string | undefined = process.env["NODE_OPTIONS"], options: WorkerFlagOptions = {}): string | undefined {
  if (nodeOptions === undefined || options.keepLoaders === true) return nodeOptions;
  const tokens = splitNodeOptions(nodeOptions);
  const kept = filterFlags(tokens, false, false);
  if (kept.length === tokens.length) return nodeOptions;
  return kept.length === 0 ? undefined : kept.map(quoteNodeOption).join(" ");
}

/** True if this process runs under a TypeScript loader that workers without modules leave out. */
export function hasTypeScriptLoader(execArgv: readonly string[] = process.execArgv, nodeOptions = process.env["NODE_OPTIONS"]): boolean {
  return workerExecArgv(execArgv).length !== workerExecArgv(execArgv, { keepLoaders: true }).length ||
    workerNodeOptions(nodeOptions) !== nodeOptions;
}

/** This process's environment with NODE_OPTIONS replaced (or removed, for undefined). */
export function withNodeOptions(nodeOptions: string | undefined): NodeJS.ProcessEnv {
  const env = { ...process.env };
  if (nodeOptions === undefined) delete env["NODE_OPTIONS"];
  else env["NODE_OPTIONS"] = nodeOptions;
  return env;
}

function filterFlags(flags: readonly string[], keepLoaders: boolean, dropParentOnly: boolean): string[] {
  const kept: string[] = [];
  for (let i = 0; i < flags.length; i++) {
    const arg = flags[i] as string;
    if (dropParentOnly && PARENT_ONLY.test(arg)) {
      if (TAKES_VALUE.test(arg)) i++;
      continue;
    }
    if (!keepLoaders) {
      if (PRELOAD.test(arg) && i + 1 < flags.length && isTypeScriptLoader(flags[i + 1] as string)) {
        i++;
        continue;
      }
      const inline = PRELOAD_WITH_VALUE.exec(arg);
      if (inline !== null && isTypeScriptLoader(inline[1] as string)) continue;
    }
    kept.push(arg);
  }
  return kept;
}

/** Splits NODE_OPTIONS as Node does: on spaces, except inside double quotes, where `\` escapes. */
export function splitNodeOptions(value: string): string[] {
  const tokens: string[] = [];
  let current = "";
  let inToken = false;
  let quoted = false;
  for (let i = 0; i < value.length; i++) {
    const c = value[i] as string;
    if (quoted && c === "\\" && i + 1 < value.length) {
      current += value[++i];
    } else if (c === '"') {
      quoted = !quoted;
      inToken = true;
    } else if (c === " " && !quoted) {
      if (inToken) tokens.push(current);
      current = "";
      inToken = false;
    } else {
      current += c;
      inToken = true;
    }
  }
  if (inToken) tokens.push(current);
  return tokens;
}

function quoteNodeOption(token: string): string {
  return /[\s"\\]/.test(token) || token === "" ? `"${token.replace(/[\\"]/g, (c) => `\\${c}`)}"` : token;
}
