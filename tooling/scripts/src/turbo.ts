// `tsx tooling/scripts/src/turbo.ts <turbo arguments>`: turbo as the root scripts run it (`pnpm build`,
// `pnpm demo`, …), with TURBO_TELEMETRY_DISABLED=1, so a first run on a machine does not open with
// turbo's telemetry notice. turbo has no flag for it, and an environment variable set in a
// package.json script is not portable (`VAR=1 cmd` is sh syntax), hence this wrapper. test-all.ts
// starts turbo with the same environment (turboEnv()).
import { spawn } from "node:child_process";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "../../..");
export const TURBO_BIN = join(REPO_ROOT, "node_modules", ".bin", process.platform === "win32" ? "turbo.cmd" : "turbo");

/** `env` plus TURBO_TELEMETRY_DISABLED=1. */
export function turboEnv(env: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  return { ...env, TURBO_TELEMETRY_DISABLED: "1" };
}

function main(args: readonly string[]): void {
  const child = spawn(TURBO_BIN, args, { cwd: process.cwd(), stdio: "inherit", env: turboEnv(), shell: process.platform === "win32" });
  // Ctrl-C reaches turbo too (same process group): wait for it to stop its tasks, then exit as it did.
  const ignore = (): void => {};
  process.on("SIGINT", ignore);
  process.on("SIGTERM", ignore);
  child.on("error", (error) => {
    console.error(`turbo: ${error.message}`);
    process.exitCode = 1;
  });
  child.on("close", (code, signal) => {
    process.off("SIGINT", ignore);
    process.off("SIGTERM", ignore);
    if (signal !== null) process.kill(process.pid, signal);
    else process.exitCode = code ?? 1;
  });
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) main(process.argv.slice(2));
