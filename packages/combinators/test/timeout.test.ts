import { describe, expect, it } from "vitest";
import { CancelledError, TimeoutError, getRunningLoop, type Awaitable } from "@aio/core";
import { createTask, currentTask } from "@aio/task";
import { Timeout, sleep, timeout, timeoutAt } from "@aio/combinators";
import { Boom, STYLES, cancelRightAfterStart, errorOf, loggedBody, run, setup, type CoroutineFn } from "./helpers.js";

const cancelling = (): number => currentTask()!.cancelling();

describe("timeout()", () => {
  it("turns the deadline's cancellation into TimeoutError (generator body)", async () => {
    const { loop, events, log } = setup();
    await run(function* () {
      let tm: Timeout | null = null;
      try {
        yield* timeout(1, function* (t) {
          tm = t;
          log("when", t.when(), String(t));
          yield* sleep(10);
        });
      } catch (e) {
        log((e as Error).name, (e as Error).cause instanceof CancelledError, tm!.expired(), String(tm), cancelling());
      }
    }, loop);
    expect(events).toEqual([
      [0, "when", 1, "<Timeout [active] when=1>"],
      [1, "TimeoutError", true, true, "<Timeout [expired]>", 0],
    ]);
  });

  it("turns the deadline's cancellation into TimeoutError (async body)", async () => {
    const { loop, events, log } = setup();
    await run(async () => {
      let tm: Timeout | null = null;
      try {
        await timeout(1, async (t) => {
          tm = t;
          await sleep(10);
        });
      } catch (e) {
        log((e as Error).name, tm!.expired(), cancelling());
      }
    }, loop);
    expect(events).toEqual([[1, "TimeoutError", true, 0]]);
  });

  it("resolves to the body's return value when it finishes in time", async () => {
    const { loop } = setup();
    expect(await run(function* () {
      return yield* timeout(5, function* () {
        yield* sleep(1);
        return "ok";
      });
    }, loop)).toBe("ok");
    expect(await run(async () => await timeout(5, async () => "ok"))).toBe("ok");
  });

  it("cancels the calling task itself: the body runs inline", async () => {
    const r = await run(function* () {
      const me = currentTask();
      return yield* timeout(1, function* () {
        return currentTask() === me;
      });
    });
    expect(r).toBe(true);
    const r2 = await run(async () => {
      const me = currentTask();
      const a = await timeout(1, async () => currentTask() === me);
      const b = await timeout(1, function* () {
        yield* sleep(0);
        return currentTask() === me;
      });
      return [a, b];
    });
    expect(r2).toEqual([true, true]);
  });

  it("returns normally, expired, when the body swallows the cancellation", async () => {
    const { loop, events, log } = setup();
    await run(function* () {
      let tm: Timeout | null = null;
      yield* timeout(1, function* (t) {
        tm = t;
        try {
          yield* sleep(10);
        } catch (e) {
          log("swallowed", (e as Error).name, cancelling());
        }
      });
      log("after", tm!.expired(), cancelling());
    }, loop);
    expect(events).toEqual([
      [1, "swallowed", "CancelledError", 1],
      [1, "after", true, 0],
    ]);
  });

  it("with delay 0, lets a body that never awaits finish, and cancels one that awaits", async () => {
    const { loop, events, log } = setup();
    await run(function* () {
      let tm: Timeout | null = null;
      yield* timeout(0, function* (t) {
        tm = t;
        log("body");
      });
      log("after", tm!.expired(), String(tm));
      try {
        yield* timeout(0, function* (t) {
          tm = t;
          yield* sleep(0);
          log("not reached");
        });
      } catch (e) {
        log((e as Error).name, tm!.expired());
      }
    }, loop);
    expect(events).toEqual([
      [0, "body"],
      [0, "after", false, "<Timeout [finished]>"],
      [0, "TimeoutError", true],
    ]);
  });

  it("never expires with null; when() is null", async () => {
    const { loop, events, log } = setup();
    await run(function* () {
      let tm: Timeout | null = null;
      yield* timeout(null, function* (t) {
        tm = t;
        log(t.when(), String(t));
        yield* sleep(100);
      });
      log(String(tm));
    }, loop);
    expect(events).toEqual([
      [0, null, "<Timeout [active] when=null>"],
      [100, "<Timeout [finished]>"],
    ]);
  });

  it("only converts its own cancellation: an outside cancel before the deadline propagates", async () => {
    for (const style of ["generator", "async"]) {
      const { loop, events, log } = setup();
      await run(function* () {
        let tm: Timeout | null = null;
        const w =
          style === "generator"
            ? createTask(function* () {
                try {
                  yield* timeout(5, function* (t) {
                    tm = t;
                    yield* sleep(10);
                  });
                } catch (e) {
                  log("got", (e as Error).name, tm!.expired(), String(tm));
                  throw e;
                }
              })
            : createTask(async () => {
                try {
                  await timeout(5, async (t) => {
                    tm = t;
                    await sleep(10);
                  });
                } catch (e) {
                  log("got", (e as Error).name, tm!.expired(), String(tm));
                  throw e;
                }
              });
        yield* sleep(1);
        w.cancel();
        try {
          yield* w;
        } catch {
          log("cancelled", w.cancelled());
        }
      }, loop);
      expect(events, style).toEqual([
        [1, "got", "CancelledError", false, "<Timeout [finished]>"],
        [1, "cancelled", true],
      ]);
    }
  });

  it("does not convert when an outside cancel arrives in the deadline's iteration", async () => {
    const { loop, events, log } = setup();
    await run(function* () {
      let tm: Timeout | null = null;
      const w = createTask(function* () {
        try {
          yield* timeout(1, function* (t) {
            tm = t;
            yield* sleep(10);
          });
        } catch (e) {
          log("got", (e as Error).name, tm!.expired(), cancelling());
          throw e;
        }
      });
      yield* sleep(0);
      loop.callAt(1, () => w.cancel());
      try {
        yield* w;
      } catch {
        log("cancelled");
      }
    }, loop);
    expect(events).toEqual([
      [1, "got", "CancelledError", true, 1],
      [1, "cancelled"],
    ]);
  });

  it("nests: only the timeout whose deadline fired converts", async () => {
    const { loop, events, log } = setup();
    await run(function* () {
      let outer: Timeout | null = null;
      let inner: Timeout | null = null;
      yield* timeout(5, function* (o) {
        outer = o;
        try {
          yield* timeout(1, function* (i) {
            inner = i;
            yield* sleep(10);
          });
        } catch (e) {
          log("inner", (e as Error).name, inner!.expired(), outer.expired());
        }
      });
      try {
        yield* timeout(1, function* (o) {
          outer = o;
          try {
            yield* timeout(5, function* (i) {
              inner = i;
              yield* sleep(10);
            });
          } catch (e) {
            log("inner got", (e as Error).name, inner!.expired());
            throw e;
          }
        });
      } catch (e) {
        log("outer", (e as Error).name, outer!.expired());
      }
      // Both due at once: the outer one fires first; only it converts.
      try {
        yield* timeout(1, function* (o) {
          outer = o;
          try {
            yield* timeout(1, function* (i) {
              inner = i;
              yield* sleep(10);
            });
          } catch (e) {
            log("inner got", (e as Error).name, inner!.expired());
            throw e;
          }
        });
      } catch (e) {
        log("outer got", (e as Error).name, outer!.expired(), cancelling());
      }
    }, loop);
    expect(events).toEqual([
      [1, "inner", "TimeoutError", true, false],
      [2, "inner got", "CancelledError", false],
      [2, "outer", "TimeoutError", true],
      [3, "inner got", "CancelledError", true],
      [3, "outer got", "TimeoutError", true, 0],
    ]);
  });

  it("nests in async functions: only the timeout whose deadline fired converts", async () => {
    const { loop, events, log } = setup();
    await run(async () => {
      try {
        await timeout(1, async (o) => {
          try {
            await timeout(5, async () => {
              await sleep(10);
            });
          } catch (e) {
            log("inner got", (e as Error).name, o.expired());
            throw e;
          }
        });
      } catch (e) {
        log("outer", (e as Error).name, cancelling());
      }
      await timeout(5, async () => {
        try {
          await timeout(1, async () => {
            await sleep(10);
          });
        } catch (e) {
          log("inner", (e as Error).name, cancelling());
        }
      });
    }, loop);
    expect(events).toEqual([
      [1, "inner got", "CancelledError", true],
      [1, "outer", "TimeoutError", 0],
      [2, "inner", "TimeoutError", 0],
    ]);
  });

  it("does not convert in an async function when an outside cancel arrives in the deadline's iteration", async () => {
    const { loop, events, log } = setup();
    await run(function* () {
      const w = createTask(async () => {
        try {
          await timeout(1, async () => {
            await sleep(10);
          });
        } catch (e) {
          log("got", (e as Error).name, cancelling());
          throw e;
        }
      });
      yield* sleep(0);
      loop.callAt(1, () => w.cancel());
      try {
        yield* w;
      } catch {
        log("cancelled", w.cancelled());
      }
    }, loop);
    expect(events).toEqual([
      [1, "got", "CancelledError", 1],
      [1, "cancelled", true],
    ]);
  });

  it("lets another error out as it is when the body fails while expiring", async () => {
    const { loop, events, log } = setup();
    await run(function* () {
      let tm: Timeout | null = null;
      try {
        yield* timeout(1, function* (t) {
          tm = t;
          try {
            yield* sleep(5);
          } finally {
            throw new Boom("cleanup failed");
          }
        });
      } catch (e) {
        log((e as Error).name, tm!.expired(), cancelling());
      }
    }, loop);
    expect(events).toEqual([[1, "Boom", true, 0]]);
  });

  it("passes on an error the body throws before it ever awaits, in both styles", async () => {
    const r = await run(function* () {
      const out: string[] = [];
      try {
        yield* timeout(1, function* () {
          throw new Boom("gen");
        });
      } catch (e) {
        out.push((e as Error).message);
      }
      try {
        yield* timeout(1, () => {
          throw new Boom("plain");
        });
      } catch (e) {
        out.push((e as Error).message);
      }
      return out;
    });
    expect(r).toEqual(["gen", "plain"]);
    const r2 = await run(async () => {
      try {
        await timeout(1, () => {
          throw new Boom("plain");
        });
      } catch (e) {
        return (e as Error).message;
      }
      return null;
    });
    expect(r2).toBe("plain");
  });

  it("runs an async body under yield* as a child task that the deadline cancels", async () => {
    const { loop, events, log } = setup();
    await run(function* () {
      const me = currentTask();
      try {
        yield* timeout(1, async () => {
          log("same task", currentTask() === me);
          try {
            await sleep(10);
          } catch (e) {
            log("body got", (e as Error).name);
            throw e;
          }
        });
      } catch (e) {
        log((e as Error).name, cancelling());
      }
    }, loop);
    expect(events).toEqual([
      [0, "same task", false],
      [1, "body got", "CancelledError"],
      [1, "TimeoutError", 0],
    ]);
  });
});

// Both ways to make the block: a relative and an absolute deadline, 10 s away.
const BLOCKS = {
  timeout: <R>(body: CoroutineFn<R>) => timeout(10, body),
  timeoutAt: <R>(body: CoroutineFn<R>) => timeoutAt(getRunningLoop().time() + 10, body),
} as const;
const KINDS = ["timeout", "timeoutAt"] as const;
const STYLE_PAIRS = STYLES.flatMap((caller) => STYLES.map((body) => [caller, body] as const));

describe("timeout() / timeoutAt() bodies start inline", () => {
  // Actors: a caller task enters the block; a callback queued right behind the caller's first
  // step cancels it in the same iteration. In CPython the block is code in the caller, so the
  // body has started and the cancel lands at its first await. Expected log: CPython 3.13, with
  // `async with asyncio.timeout(10): await body()` and the same actors.
  it.each(STYLE_PAIRS)("a cancel right after the caller's step lands at the body's first await (%s caller, %s body)", async (callerStyle, bodyStyle) => {
    for (const kind of KINDS) {
      const { loop, events, log } = setup();
      await run(cancelRightAfterStart(callerStyle, kind, () => BLOCKS[kind](loggedBody(bodyStyle, kind, log)), log), loop);
      expect(events, kind).toEqual([
        [0, `${kind}: caller start`],
        [0, `${kind}: body start`],
        [0, `${kind}: body cancelled`],
        [0, `${kind}: caller cancelled`],
        [0, `${kind}: t cancelled=true at 0`],
      ]);
    }
  });
});

describe("entering a timeout() / timeoutAt() block twice", () => {
  // CPython: `async with cm` on a Timeout that is not new raises RuntimeError("Timeout has
  // already been entered"), after the block ended and inside the block itself alike.
  it.each(STYLES)("throws 'Timeout has already been entered' when awaited again, and does not rerun the body (%s)", async (style) => {
    for (const kind of KINDS) {
      let runs = 0;
      const r = await run(
        style === "async"
          ? async () => {
              const op = BLOCKS[kind](async () => {
                runs++;
                await sleep(0);
                return 1;
              });
              const first = await op;
              try {
                await op;
                return "entered twice";
              } catch (e) {
                return [first, errorOf(e)];
              }
            }
          : function* () {
              const op = BLOCKS[kind](function* () {
                runs++;
                yield* sleep(0);
                return 1;
              });
              const first = yield* op;
              try {
                yield* op;
                return "entered twice";
              } catch (e) {
                return [first, errorOf(e)];
              }
            },
      );
      expect(r, kind).toEqual([1, "!Error:Timeout has already been entered"]);
      expect(runs, kind).toBe(1);
    }
  });

  it.each(STYLE_PAIRS)("throws 'Timeout has already been entered' when awaited inside its own body (%s caller, %s body)", async (callerStyle, bodyStyle) => {
    for (const kind of KINDS) {
      const { loop, events, log } = setup();
      await run(function* () {
        let op: Awaitable<unknown> | null = null;
        const body: CoroutineFn =
          bodyStyle === "async"
            ? async () => {
                try {
                  await op!;
                } catch (e) {
                  log("inside", errorOf(e));
                  throw e;
                }
              }
            : function* () {
                try {
                  yield* op!;
                } catch (e) {
                  log("inside", errorOf(e));
                  throw e;
                }
              };
        op = BLOCKS[kind](body);
        const caller: CoroutineFn =
          callerStyle === "async"
            ? async () => {
                await op!;
              }
            : function* () {
                yield* op!;
              };
        try {
          yield* createTask(caller);
        } catch (e) {
          log("out of the block", errorOf(e), loop.time());
        }
      }, loop);
      expect(events, kind).toEqual([
        [0, "inside", "!Error:Timeout has already been entered"],
        [0, "out of the block", "!Error:Timeout has already been entered", 0],
      ]);
    }
  });

  it("refuses a block that a task runs when it is also awaited", async () => {
    const r = await run(async () => {
      const op = timeout(1, function* () {
        yield* sleep(0);
        return "body";
      });
      const t = createTask(op);
      await sleep(0); // t has entered the block
      let second: string;
      try {
        await op;
        second = "entered twice";
      } catch (e) {
        second = errorOf(e);
      }
      return [await t, second];
    });
    expect(r).toEqual(["body", "!Error:Timeout has already been entered"]);
  });
});

describe("Timeout", () => {
  it("moves its deadline with reschedule(), also to none", async () => {
    const { loop, events, log } = setup();
    await run(function* () {
      let tm: Timeout | null = null;
      yield* timeout(1, function* (t) {
        tm = t;
        t.reschedule(getRunningLoop().time() + 3);
        yield* sleep(2);
        log("still", t.when());
        t.reschedule(null);
        yield* sleep(5);
        log("no deadline", t.when());
      });
      try {
        tm!.reschedule(1);
      } catch (e) {
        log("Error", (e as Error).message);
      }
    }, loop);
    expect(events).toEqual([
      [2, "still", 3],
      [7, "no deadline", null],
      [7, "Error", "Cannot change state of finished Timeout"],
    ]);
  });

  it("fires on the next iteration when rescheduled into the past", async () => {
    const { loop, events, log } = setup();
    await run(function* () {
      yield* sleep(5);
      try {
        yield* timeout(10, function* (t) {
          t.reschedule(1);
          yield* sleep(1);
        });
      } catch (e) {
        log((e as Error).name);
      }
    }, loop);
    expect(events).toEqual([[5, "TimeoutError"]]);
  });

  it("refuses reschedule() once expired, and a bad deadline", async () => {
    const { loop, events, log } = setup();
    await run(function* () {
      let tm: Timeout | null = null;
      try {
        yield* timeout(1, function* (t) {
          tm = t;
          expect(() => t.reschedule(NaN)).toThrow(RangeError);
          expect(() => t.reschedule("1" as never)).toThrow(TypeError);
          yield* sleep(2);
        });
      } catch {
        try {
          tm!.reschedule(1);
        } catch (e) {
          log((e as Error).message);
        }
      }
    }, loop);
    expect(events).toEqual([[1, "Cannot change state of expired Timeout"]]);
  });
});

describe("timeoutAt()", () => {
  it("uses an absolute deadline in loop time; a past one fires on the next iteration", async () => {
    const { loop, events, log } = setup();
    await run(async () => {
      try {
        await timeoutAt(getRunningLoop().time() - 5, async () => {
          log("body runs");
          await sleep(1);
        });
      } catch (e) {
        log((e as Error).name);
      }
      await sleep(1);
      try {
        await timeoutAt(3, async (t) => {
          log("when", t.when());
          await sleep(10);
        });
      } catch (e) {
        log((e as Error).name);
      }
    }, loop);
    expect(events).toEqual([
      [0, "body runs"],
      [0, "TimeoutError"],
      [1, "when", 3],
      [3, "TimeoutError"],
    ]);
  });
});

describe("timeout() argument checks", () => {
  it("refuses bad delays and bodies, and needs a running loop and a task", async () => {
    expect(() => timeout(1, function* () {})).toThrow(/no running event loop/);
    await run(function* () {
      expect(() => timeout(NaN, function* () {})).toThrow(RangeError);
      expect(() => timeout("1" as never, function* () {})).toThrow(TypeError);
      expect(() => timeout(1, 5 as never)).toThrow(/timeout\(body\): expected a generator function or async function/);
      expect(() => timeoutAt(NaN, function* () {})).toThrow(RangeError);
      yield* sleep(0);
    });
    let err: unknown = null;
    await run(function* () {
      const op = timeout(1, function* () {});
      // Awaited from a plain loop callback: there is no current task.
      getRunningLoop().callSoon(() => {
        op.then(undefined, (e: unknown) => {
          err = e;
        });
      });
      yield* sleep(1);
    });
    expect(String(err)).toMatch(/Timeout should be used inside a task/);
  });

  it("TimeoutError is the core error class", async () => {
    const e = await run(function* () {
      try {
        yield* timeout(0, function* () {
          yield* sleep(1);
        });
      } catch (err) {
        return err;
      }
      return null;
    });
    expect(e).toBeInstanceOf(TimeoutError);
  });
});
