// Async context tracking on Node: an AsyncLocalStorage. Bundlers that honour the package.json
// "browser" field load async-context.browser.ts instead, which has none (browsers have no async
// context tracking yet), so a page never imports `node:async_hooks`.
import { AsyncLocalStorage } from "node:async_hooks";

/** @internal What the task package needs of an async context store. */
export interface AsyncContextStore<T> {
  getStore(): T | undefined;
  run<R>(store: T, fn: () => R): R;
}

/** @internal A new store, or null where the runtime has no async context tracking. */
export function createAsyncContext<T>(): AsyncContextStore<T> | null {
  return new AsyncLocalStorage<T>();
}
