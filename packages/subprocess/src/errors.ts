// Errors of this package that Python has as built-in exceptions.

/**
 * Signalling a process that has already exited and been reaped (Python's `ProcessLookupError`).
 *
 * @remarks
 * Its `code` is `"ESRCH"`, like the system error Node's `process.kill()` throws for a process that
 * does not exist, so one check on `err.code` covers both.
 * @public
 */
export class ProcessLookupError extends Error {
  /** Always `"ESRCH"`. */
  readonly code = "ESRCH";

  /** Creates the error with `message`. */
  constructor(message = "No such process") {
    super(message);
  }
}
Object.defineProperty(ProcessLookupError.prototype, "name", { value: "ProcessLookupError", writable: true, configurable: true });
