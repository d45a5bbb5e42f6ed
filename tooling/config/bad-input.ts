// The shape of the packages' bad-input table tests (test/bad-input.test.ts): rows of calls that must
// be refused where they are made (exactly this error class, a message naming the function and the
// argument), calls whose promise must reject, and calls that must keep working because CPython
// accepts them.

/** An Error subclass a refused call must throw (or reject with). */
export type ErrorClass = abstract new (...args: never[]) => Error;

/** A call that must be refused: exactly this error class, and a message saying why. */
export interface Refused {
  call: string;
  run: () => unknown;
  error: ErrorClass;
  message: RegExp;
}

/** A call that must keep working (CPython accepts it): `run` asserts what it did. */
export interface Accepted {
  call: string;
  run: () => unknown;
}

/** The error `run()` throws; fails the test if it returns. */
export function errorOf(run: () => unknown): Error {
  try {
    run();
  } catch (e) {
    return e as Error;
  }
  throw new Error("expected the call to throw, but it returned");
}

/** Awaits what `run` returns: it must reject (the call itself must not throw). */
export async function rejectionOf(run: () => unknown): Promise<Error> {
  let p: unknown;
  try {
    p = run();
  } catch (e) {
    throw new Error(`expected a rejection, but the call threw at once: ${String(e)}`);
  }
  try {
    await p;
  } catch (e) {
    return e as Error;
  }
  throw new Error("expected a rejection, but it resolved");
}
