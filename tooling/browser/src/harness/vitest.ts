// What test files get when they import "vitest" on the page (the bundler aliases it here).
import { fn, spyOn, restoreAllMocks, clearAllMocks, resetAllMocks, isMockFunction } from "@vitest/spy";

export { describe, it, test, suite, beforeAll, afterAll, beforeEach, afterEach } from "./runner.js";
export { expect } from "./expect.js";

export const vi = {
  fn,
  spyOn,
  restoreAllMocks,
  clearAllMocks,
  resetAllMocks,
  isMockFunction,
  mock: (): never => {
    throw new Error("vi.mock is not available in the page harness");
  },
};

/** Type tests do not run on the page. */
export const expectTypeOf = (): unknown => new Proxy(() => {}, { get: (t, k) => (k === "then" ? undefined : expectTypeOf()) });
export const assertType = (): void => {};
