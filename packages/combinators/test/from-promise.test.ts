import { describe, expect, it } from "vitest";
import { CancelledError } from "@aio/core";
import { createTask } from "@aio/task";
import { fromPromise, sleep } from "@aio/combinators";
import { Boom, run, setup } from "./helpers.js";

describe("fromPromise()", () => {
  it("lets a generator coroutine wait on a foreign promise's value or error", async () => {
    const r = await run(function* () {
      const v = yield* fromPromise(Promise.resolve(41));
      let err: unknown = null;
      try {
        yield* fromPromise(Promise.reject(new Boom("no")));
      } catch (e) {
        err = e;
      }
      return [v + 1, err instanceof Boom];
    });
    expect(r).toEqual([42, true]);
  });

  it("stops waiting when the task is cancelled; the function form aborts its signal", async () => {
    const { loop, events, log } = setup();
    let signal: AbortSignal | null = null;
    await run(function* () {
      const t = createTask(function* () {
        try {
          yield* fromPromise((s) => {
            signal = s;
            return new Promise<never>(() => {});
          });
        } catch (e) {
          log("task got", (e as Error).name);
          throw e;
        }
      });
      yield* sleep(1);
      log("aborted before", signal!.aborted);
      t.cancel("bye");
      yield* sleep(0);
      yield* sleep(0);
      log("aborted after", signal!.aborted, signal!.reason instanceof CancelledError, (signal!.reason as Error).message);
    }, loop);
    expect(events).toEqual([
      [1, "aborted before", false],
      [1, "task got", "CancelledError"],
      [1, "aborted after", true, true, "bye"],
    ]);
  });

  it("refuses what is not a promise or a function returning one, and needs a running loop", async () => {
    await run(function* () {
      expect(() => fromPromise(42 as never)).toThrow(TypeError);
      expect(() => fromPromise((() => 42) as never)).toThrow(/must return a PromiseLike/);
      yield* sleep(0);
    });
    expect(() => fromPromise(Promise.resolve(1))).toThrow(/no running event loop/);
  });
});
