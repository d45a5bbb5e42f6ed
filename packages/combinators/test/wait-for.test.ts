import { describe, expect, it } from "vitest";
import { CancelledError, TimeoutError, getRunningLoop, type Coroutine } from "@aio/core";
import { Future } from "@aio/future";
import { createTask, currentTask } from "@aio/task";
import { shield, sleep, waitFor } from "@aio/combinators";
import { Boom, STYLES, cancelRightAfterStart, errorOf, loggedBody, run, setup } from "./helpers.js";

function* suppressor(log: (...a: unknown[]) => void): Coroutine<number> {
  try {
    yield* sleep(10);
  } catch (e) {
    log("inner caught", (e as Error).name);
    return 42;
  }
  return 0;
}

describe("waitFor()", () => {
  it("returns the result when it arrives in time (generator and async)", async () => {
    expect(await run(function* () {
      return yield* waitFor(createTask(sleep(1, "t")), 2);
    })).toBe("t");
    expect(await run(async () => await waitFor(createTask(sleep(1, "t")), 2))).toBe("t");
  });

  it("runs a coroutine inline in the caller's task, with no new task", async () => {
    const r = await run(function* () {
      const me = currentTask();
      return yield* waitFor(
        (function* () {
          yield* sleep(1);
          return currentTask() === me;
        })(),
        5,
      );
    });
    expect(r).toBe(true);
    const r2 = await run(async () => {
      const me = currentTask();
      const viaGen = await waitFor(
        (function* () {
          yield* sleep(1);
          return currentTask() === me;
        })(),
        5,
      );
      const viaAsync = await waitFor(async () => {
        await sleep(1);
        return currentTask() === me;
      }, 5);
      return [viaGen, viaAsync];
    });
    expect(r2).toEqual([true, true]);
  });

  it("cancels the inner task at the deadline and throws TimeoutError caused by the CancelledError", async () => {
    for (const style of ["generator", "async"]) {
      const { loop, events, log } = setup();
      await run(
        style === "generator"
          ? function* () {
              const t = createTask(sleep(10));
              try {
                yield* waitFor(t, 1);
              } catch (e) {
                log(errorOf(e), (e as Error).cause instanceof CancelledError, t.cancelled(), currentTask()!.cancelling());
              }
            }
          : async () => {
              const t = createTask(sleep(10));
              try {
                await waitFor(t, 1);
              } catch (e) {
                log(errorOf(e), (e as Error).cause instanceof CancelledError, t.cancelled(), currentTask()!.cancelling());
              }
            },
        loop,
      );
      expect(events, style).toEqual([[1, "!TimeoutError:the deadline passed", true, true, 0]]);
    }
  });

  it("cancels an inline coroutine at the deadline", async () => {
    const { loop, events, log } = setup();
    await run(function* () {
      try {
        yield* waitFor(
          (function* () {
            try {
              yield* sleep(10);
            } finally {
              log("inner cleanup", currentTask()!.cancelling());
            }
          })(),
          1,
        );
      } catch (e) {
        log((e as Error).name);
      }
    }, loop);
    expect(events).toEqual([
      [1, "inner cleanup", 1],
      [1, "TimeoutError"],
    ]);
  });

  it("returns the value of a task that suppresses the cancellation (gh-86296)", async () => {
    const { loop, events, log } = setup();
    await run(function* () {
      const t = createTask(suppressor(log));
      const r = yield* waitFor(t, 1);
      log("got", r, currentTask()!.cancelling());
    }, loop);
    expect(events).toEqual([
      [1, "inner caught", "CancelledError"],
      [1, "got", 42, 0],
    ]);
  });

  it.each(STYLES)("loses the race to a deadline that cancels the inner task before its result is delivered (as CPython, %s)", async (style) => {
    // The inner task's timer and the deadline are both due at t=1; the task's fires first, but the
    // deadline's cancellation reaches the task before the task resumes: CPython gives TimeoutError.
    // An async-function task resumes at its place in the iteration too, so it loses the same way.
    const { loop, events, log } = setup();
    await run(
      style === "async"
        ? async () => {
            const t = createTask(async () => {
              await sleep(1);
              log("inner done");
              return 5;
            });
            await sleep(0);
            try {
              log("got", await waitFor(t, 1));
            } catch (e) {
              log("timeout", (e as Error).name, t.cancelled());
            }
          }
        : function* () {
            const t = createTask(function* () {
              yield* sleep(1);
              log("inner done");
              return 5;
            });
            yield* sleep(0);
            try {
              log("got", yield* waitFor(t, 1));
            } catch (e) {
              log("timeout", (e as Error).name, t.cancelled());
            }
          },
      loop,
    );
    expect(events).toEqual([[1, "timeout", "TimeoutError", true]]);
  });

  it("keeps a future's result that arrives in the deadline's iteration (the future still holds it)", async () => {
    const { loop, events, log } = setup();
    await run(function* () {
      const f = new Future<number>();
      loop.callAt(1, () => f.setResult(5));
      try {
        log("got", yield* waitFor(f, 1));
      } catch (e) {
        log("timeout", (e as Error).name, f.result());
      }
    }, loop);
    expect(events).toEqual([[1, "timeout", "TimeoutError", 5]]);
  });

  it("lets an outside cancel through as CancelledError, cancelling the inner task", async () => {
    for (const style of ["generator", "async"]) {
      const { loop, events, log } = setup();
      await run(function* () {
        const t = createTask(function* () {
          try {
            yield* sleep(10);
          } catch (e) {
            log("inner cancelled");
            throw e;
          }
        });
        const w =
          style === "generator"
            ? createTask(function* () {
                try {
                  yield* waitFor(t, 5);
                } catch (e) {
                  log("waiter got", (e as Error).name);
                  throw e;
                }
              })
            : createTask(async () => {
                try {
                  await waitFor(t, 5);
                } catch (e) {
                  log("waiter got", (e as Error).name);
                  throw e;
                }
              });
        yield* sleep(1);
        w.cancel();
        try {
          yield* w;
        } catch {
          log("w cancelled", w.cancelled(), t.cancelled());
        }
      }, loop);
      expect(events, style).toEqual([
        [1, "inner cancelled"],
        [1, "waiter got", "CancelledError"],
        [1, "w cancelled", true, true],
      ]);
    }
  });

  it("does not convert when an outside cancel lands in the deadline's iteration", async () => {
    const { loop, events, log } = setup();
    await run(function* () {
      const w = createTask(function* () {
        try {
          yield* waitFor(sleep(10), 1);
        } catch (e) {
          log("waiter got", (e as Error).name, currentTask()!.cancelling());
          throw e;
        }
      });
      yield* sleep(0);
      loop.callAt(1, () => w.cancel());
      try {
        yield* w;
      } catch {
        log("w cancelled");
      }
    }, loop);
    expect(events).toEqual([
      [1, "waiter got", "CancelledError", 1],
      [1, "w cancelled"],
    ]);
  });

  it("converts only the expired one of two nested waits", async () => {
    const { loop, events, log } = setup();
    await run(function* () {
      try {
        yield* waitFor(
          (function* () {
            return yield* waitFor(sleep(10), 1);
          })(),
          5,
        );
      } catch (e) {
        log("inner deadline", (e as Error).name, currentTask()!.cancelling());
      }
      try {
        yield* waitFor(
          (function* () {
            try {
              return yield* waitFor(sleep(10), 5);
            } catch (e) {
              log("inner wait got", (e as Error).name);
              throw e;
            }
          })(),
          1,
        );
      } catch (e) {
        log("outer deadline", (e as Error).name, currentTask()!.cancelling());
      }
    }, loop);
    expect(events).toEqual([
      [1, "inner deadline", "TimeoutError", 0],
      [2, "inner wait got", "CancelledError"],
      [2, "outer deadline", "TimeoutError", 0],
    ]);
  });

  it("runs an async function as a child task under yield*, cancelled at the deadline", async () => {
    const { loop, events, log } = setup();
    await run(function* () {
      const me = currentTask()!;
      try {
        yield* waitFor(async () => {
          log("child task", currentTask() !== me, currentTask()!.getName() === me.getName());
          try {
            await sleep(10);
          } catch (e) {
            log("child got", (e as Error).name);
            throw e;
          }
        }, 1);
      } catch (e) {
        log((e as Error).name, currentTask()!.cancelling());
      }
    }, loop);
    expect(events).toEqual([
      [0, "child task", true, true],
      [1, "child got", "CancelledError"],
      [1, "TimeoutError", 0],
    ]);
  });

  // Actors: a caller task awaits waitFor(fn, 10); a callback queued right behind the caller's
  // first step cancels it in the same iteration. CPython 3.12+ runs the coroutine in the caller's
  // task, so it has started and the cancel lands at its first await. Expected log: CPython 3.13,
  // `t = create_task(caller()); loop.call_soon(t.cancel)` with `await wait_for(body(), 10)`.
  it.each(STYLES.flatMap((caller) => STYLES.map((fn) => [caller, fn] as const)))(
    "starts the awaitable inline: a cancel right after the caller's step lands at its first await (%s caller, %s function)",
    async (callerStyle, fnStyle) => {
      const { loop, events, log } = setup();
      await run(cancelRightAfterStart(callerStyle, "waitFor", () => waitFor(loggedBody(fnStyle, "waitFor", log), 10), log), loop);
      expect(events).toEqual([
        [0, "waitFor: caller start"],
        [0, "waitFor: body start"],
        [0, "waitFor: body cancelled"],
        [0, "waitFor: caller cancelled"],
        [0, "waitFor: t cancelled=true at 0"],
      ]);
    },
  );

  it("waits without a deadline for null or undefined", async () => {
    const { loop } = setup();
    expect(await run(function* () {
      return [yield* waitFor(sleep(3, "x"), null), yield* waitFor(sleep(3, "y"), undefined)];
    }, loop)).toEqual(["x", "y"]);
    expect(loop.time()).toBe(6);
  });

  it("abandons a foreign promise at the deadline", async () => {
    const r = await run(async () => {
      try {
        await waitFor(new Promise(() => {}), 1);
      } catch (e) {
        return [(e as Error).name, getRunningLoop().time()];
      }
      return null;
    });
    expect(r).toEqual(["TimeoutError", 1]);
  });
});

describe("waitFor(aw, timeout <= 0)", () => {
  it("returns the result of a done future, rethrows its error", async () => {
    await run(function* () {
      const f = new Future<number>();
      f.setResult(3);
      expect(yield* waitFor(f, 0)).toBe(3);
      const t = createTask(function* () {
        throw new Boom("v");
      });
      yield* sleep(0);
      try {
        yield* waitFor(t, -1);
        expect.unreachable();
      } catch (e) {
        expect(e).toBeInstanceOf(Boom);
      }
    });
  });

  it("never starts a coroutine and cancels a pending task, waiting for it to finish", async () => {
    for (const style of ["generator", "async"]) {
      const { loop, events, log } = setup();
      let started = false;
      await run(
        style === "generator"
          ? function* () {
              try {
                yield* waitFor(
                  (function* () {
                    started = true;
                  })(),
                  0,
                );
              } catch (e) {
                log("coroutine", (e as Error).name);
              }
              const t = createTask(sleep(10));
              try {
                yield* waitFor(t, 0);
              } catch (e) {
                log("task", (e as Error).name, (e as Error).cause instanceof CancelledError, t.cancelled());
              }
            }
          : async () => {
              try {
                await waitFor(async () => {
                  started = true;
                }, 0);
              } catch (e) {
                log("coroutine", (e as Error).name);
              }
              const t = createTask(sleep(10));
              try {
                await waitFor(t, 0);
              } catch (e) {
                log("task", (e as Error).name, (e as Error).cause instanceof CancelledError, t.cancelled());
              }
            },
        loop,
      );
      expect(started, style).toBe(false);
      expect(events, style).toEqual([
        [0, "coroutine", "TimeoutError"],
        [0, "task", "TimeoutError", true, true],
      ]);
    }
  });

  it("returns the value of a task that suppresses the cancellation", async () => {
    const { loop, events, log } = setup();
    await run(function* () {
      const t = createTask(suppressor(log));
      yield* sleep(0);
      log("got", yield* waitFor(t, 0));
    }, loop);
    expect(events).toEqual([
      [0, "inner caught", "CancelledError"],
      [0, "got", 42],
    ]);
  });
});

describe("waitFor() with shield()", () => {
  it("times out while the shielded task keeps running", async () => {
    const { loop, events, log } = setup();
    await run(function* () {
      const t = createTask(function* () {
        yield* sleep(3);
        log("inner done");
        return 1;
      });
      try {
        yield* waitFor(shield(t), 1);
      } catch (e) {
        log("timeout", (e as Error).name, t.done());
      }
      log("result", yield* t);
    }, loop);
    expect(events).toEqual([
      [1, "timeout", "TimeoutError", false],
      [3, "inner done"],
      [3, "result", 1],
    ]);
  });
});

describe("waitFor() argument checks", () => {
  it("refuses non-awaitables, bad timeouts, and use outside a task", async () => {
    expect(() => waitFor(42 as never, 1)).toThrow(TypeError);
    expect(() => waitFor(sleep(1), NaN)).toThrow(RangeError);
    expect(() => waitFor(sleep(1), "1" as never)).toThrow(TypeError);
    await expect(async () => await waitFor(sleep(1), 1)).rejects.toThrow(/no running event loop/);
  });
});
