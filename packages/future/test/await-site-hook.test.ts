// The await-site hook: told of each future a generator starts waiting on (task debug mode uses it).
import { afterEach, describe, expect, it } from "vitest";
import type { FutureLike } from "@aio/core";
import { Future, _setAwaitSiteHook } from "@aio/future";
import { TestLoop } from "@aio/loop";

afterEach(() => _setAwaitSiteHook(null));

describe("_setAwaitSiteHook", () => {
  it("is called with a pending future when iteration starts waiting on it, and not for a done one", () => {
    const loop = new TestLoop();
    const seen: FutureLike<unknown>[] = [];
    _setAwaitSiteHook((f) => void seen.push(f));
    const pending = new Future<number>({ loop });
    const step = pending[Symbol.iterator]().next();
    expect(step.done).toBe(false);
    expect(step.value).toBe(pending); // futures are iterable: compare by identity
    expect(seen).toHaveLength(1);
    expect(seen[0]).toBe(pending);
    const done = new Future<number>({ loop });
    done.setResult(1);
    done[Symbol.iterator]().next();
    expect(seen).toHaveLength(1);
  });

  it("calls nothing once reset to null", () => {
    const loop = new TestLoop();
    const seen: unknown[] = [];
    _setAwaitSiteHook((f) => void seen.push(f));
    _setAwaitSiteHook(null);
    new Future<number>({ loop })[Symbol.iterator]().next();
    expect(seen).toHaveLength(0);
  });

  it("refuses a hook that is not a function, naming the argument", () => {
    expect(() => _setAwaitSiteHook(5 as never)).toThrow(new TypeError("_setAwaitSiteHook(fn): expected a function or null, got 5 (number)"));
    expect(() => _setAwaitSiteHook(undefined as never)).toThrow(/^_setAwaitSiteHook\(fn\): expected a function or null, got undefined$/);
  });

  it("a returning iterator ends with the value it is given", () => {
    const loop = new TestLoop();
    const it = new Future<number>({ loop })[Symbol.iterator]();
    expect(it.return!(4)).toEqual({ done: true, value: 4 });
  });
});
