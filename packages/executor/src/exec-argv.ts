// The Node flags a worker starts with: this process's, less the ones that only make sense here.

// Flags of this process that must not reach a worker: they are about this process's entry point
// (`-e`, `--input-type`, `--test`, `--watch`) or would collide in the child (`--inspect`'s port).
const PARENT_ONLY = /^(?:-[epci]|--(?:eval|print|check|interactive|input-type|test|watch|inspect|debug-port)(?:-[\w-]+)?)(?:=|$)/;
const TAKES_VALUE = /^(-[ep]|--(eval|print|input-type|watch-path|inspect-port|debug-port))$/;

/** `process.execArgv` less the flags (and their values) that belong to this process only. */
export function workerExecArgv(execArgv: readonly string[] = process.execArgv): string[] {
  const kept: string[] = [];
  for (let i = 0; i < execArgv.length; i++) {
    const arg = execArgv[i] as string;
    if (!PARENT_ONLY.test(arg)) kept.push(arg);
    else if (TAKES_VALUE.test(arg)) i++;
  }
  return kept;
}
