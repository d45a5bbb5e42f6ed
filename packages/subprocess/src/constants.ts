// What `stdin`, `stdout` and `stderr` may be set to. The values are CPython's (subprocess.PIPE is
// -1, STDOUT -2, DEVNULL -3): negative, so they never collide with a file descriptor.

/**
 * Connect the stream to a pipe: `Process.stdin` becomes a `StreamWriter`, `stdout`/`stderr` a
 * `StreamReader` (`asyncio.subprocess.PIPE`).
 * @public
 */
export const PIPE = -1;

/**
 * For `stderr` only: send the child's standard error where its standard output goes, into the same
 * pipe or file (`asyncio.subprocess.STDOUT`).
 * @public
 */
export const STDOUT = -2;

/**
 * Connect the stream to the null device (`/dev/null`): the child reads nothing, what it writes is
 * dropped (`asyncio.subprocess.DEVNULL`).
 * @public
 */
export const DEVNULL = -3;

/**
 * Where a child's standard stream goes: {@link PIPE}, {@link STDOUT} (stderr only),
 * {@link DEVNULL}, an open file descriptor of this process (a number \>= 0), or `null`/`undefined`
 * to share this process's own stream (asyncio's `None`, the default).
 * @public
 */
export type StdioTarget = typeof PIPE | typeof STDOUT | typeof DEVNULL | number | null | undefined;
