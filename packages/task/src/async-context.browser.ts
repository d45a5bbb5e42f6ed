// Async context tracking in a browser: there is none (the TC39 AsyncContext proposal is not shipped),
// so this returns null and a task is found by the loop's own bookkeeping (see current.ts). Chosen
// over async-context.ts by bundlers through the package.json "browser" field.

/** @internal What the task package needs of an async context store. */
export interface AsyncContextStore<T> {
  getStore(): T | undefined;
  run<R>(store: T, fn: () => R): R;
}

/** @internal Always null: browsers cannot follow a task across a foreign await. */
export function createAsyncContext<T>(): AsyncContextStore<T> | null {
  return null;
}
