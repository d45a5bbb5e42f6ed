// Signal names and numbers, by Node's table for this platform (os.constants.signals).
import { constants } from "node:os";
import { _describe as describe } from "@aio/core";

const byName: Readonly<Record<string, number>> = constants.signals;
const byNumber = new Map<number, string>();
for (const [name, number] of Object.entries(byName)) if (!byNumber.has(number)) byNumber.set(number, name);

/** @internal The number of signal `name` (e.g. `"SIGTERM"` → 15), or undefined. */
export function signalNumber(name: string): number | undefined {
  return Object.hasOwn(byName, name) ? byName[name] : undefined;
}

/**
 * @internal Checks a signal given to `sendSignal`: a name Node knows, or a signal number (0 too:
 * it only checks that the process exists). Returns what `ChildProcess.kill` takes.
 */
export function checkSignal(fn: string, signal: unknown): string | number {
  if (typeof signal === "string") {
    if (signalNumber(signal) === undefined) throw new RangeError(`${fn}(signal): unknown signal name ${JSON.stringify(signal)}`);
    return signal;
  }
  if (typeof signal === "number" && Number.isInteger(signal)) {
    if (signal !== 0 && !byNumber.has(signal)) throw new RangeError(`${fn}(signal): invalid signal number ${signal}`);
    return signal;
  }
  throw new TypeError(`${fn}(signal): expected a signal name such as "SIGTERM" or an integer signal number, got ${describe(signal)}`);
}
