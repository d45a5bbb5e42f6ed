// How a Node host delivers POSIX signals: `process.on(name, listener)`. No `node:` module is
// imported here, so the loop still loads in a browser (where these functions are never called):
// the signal table and the main-thread flag come from `process.getBuiltinModule` (Node >= 20.16),
// looked up on first use.

/** The part of Node's `process` the signal plumbing uses. */
interface NodeProcess {
  on(event: string, listener: () => void): unknown;
  off(event: string, listener: () => void): unknown;
  getBuiltinModule?: (id: string) => unknown;
}

// The names every POSIX Node knows, for Node < 20.16 (no getBuiltinModule: numbers cannot be
// mapped to names there, names still work).
const POSIX_NAMES = [
  "SIGHUP", "SIGINT", "SIGQUIT", "SIGILL", "SIGTRAP", "SIGABRT", "SIGBUS", "SIGFPE", "SIGKILL",
  "SIGUSR1", "SIGSEGV", "SIGUSR2", "SIGPIPE", "SIGALRM", "SIGTERM", "SIGCHLD", "SIGCONT", "SIGSTOP",
  "SIGTSTP", "SIGTTIN", "SIGTTOU", "SIGURG", "SIGXCPU", "SIGXFSZ", "SIGVTALRM", "SIGPROF", "SIGWINCH",
  "SIGIO", "SIGSYS",
];

// Signals no process can catch (CPython: "sig N cannot be caught").
const UNCATCHABLE = new Set(["SIGKILL", "SIGSTOP"]);

let table: { byName: Map<string, number | null>; byNumber: Map<number, string> } | null = null;

function nodeProcess(): NodeProcess | null {
  const p = (globalThis as { process?: NodeProcess }).process;
  return p !== undefined && typeof p.on === "function" ? p : null;
}

/** Name → number and number → first name (SIGABRT before its alias SIGIOT), built once. */
function signalTable(): NonNullable<typeof table> {
  if (table !== null) return table;
  const byName = new Map<string, number | null>();
  const byNumber = new Map<number, string>();
  const os = nodeProcess()?.getBuiltinModule?.("node:os") as { constants?: { signals?: Record<string, number> } } | undefined;
  const signals = os?.constants?.signals;
  if (signals !== undefined) {
    for (const [name, number] of Object.entries(signals)) {
      byName.set(name, number);
      if (!byNumber.has(number)) byNumber.set(number, name);
    }
  } else {
    for (const name of POSIX_NAMES) byName.set(name, null);
  }
  table = { byName, byNumber };
  return table;
}

/**
 * @internal The canonical name of a signal given by name or number, or null if Node knows no such
 * signal here. Aliases resolve to one name (SIGIOT → SIGABRT), so both reach the same handler.
 */
export function nodeSignalName(signal: string | number): string | null {
  const { byName, byNumber } = signalTable();
  if (typeof signal === "number") return byNumber.get(signal) ?? null;
  if (!byName.has(signal)) return null;
  const number = byName.get(signal);
  return number == null ? signal : (byNumber.get(number) ?? signal);
}

/** @internal Whether this is the main thread (signals reach only the main thread's listeners). */
function isMainThread(): boolean {
  const threads = nodeProcess()?.getBuiltinModule?.("node:worker_threads") as { isMainThread?: boolean } | undefined;
  return threads?.isMainThread ?? true;
}

/**
 * @internal Listens for `signal` (a name from {@link nodeSignalName}) on Node's process.
 * @throws Error if the signal cannot be caught (SIGKILL, SIGSTOP), outside the main thread, or
 * where there is no Node `process`.
 */
export function addNodeSignalListener(signal: string, listener: () => void): void {
  const p = nodeProcess();
  if (p === null) throw new Error("signal handlers need Node.js: this runtime has no process object");
  if (!isMainThread()) throw new Error("signal handlers only work in the main thread (signals are not delivered to worker threads)");
  if (UNCATCHABLE.has(signal)) throw new Error(`${signal} cannot be caught`);
  try {
    p.on(signal, listener);
  } catch (error) {
    // libuv refused the signal: do not leave a listener behind that looks installed.
    p.off(signal, listener);
    throw new Error(`${signal} cannot be caught: ${(error as Error).message}`);
  }
}

/** @internal Stops listening (nothing happens if `listener` was not listening). */
export function removeNodeSignalListener(signal: string, listener: () => void): void {
  nodeProcess()?.off(signal, listener);
}
