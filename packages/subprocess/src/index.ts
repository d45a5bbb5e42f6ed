/**
 * asyncio's subprocesses for \@aio on Node.js: `createSubprocessExec`, `createSubprocessShell`, and
 * `Process` with \@aio/streams pipes, `wait()` and `communicate()`.
 *
 * @packageDocumentation
 */
export { createSubprocessExec, createSubprocessShell } from "./create-subprocess.js";
export { Process } from "./process.js";
export { PIPE, STDOUT, DEVNULL } from "./constants.js";
export type { StdioTarget } from "./constants.js";
export type { SubprocessOptions } from "./options.js";
export { ProcessLookupError } from "./errors.js";
