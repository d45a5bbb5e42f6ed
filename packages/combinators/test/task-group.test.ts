import { describe, expect, it } from "vitest";
import { CancelledError, getRunningLoop, type Awaitable, type Coroutine } from "@aio/core";
import { createTask, currentTask, eagerTaskFactory, type Task } from "@aio/task";
import { ExceptionGroup, TaskGroup, sleep, taskGroup } from "@aio/combinators";
import { Boom, STYLES, cancelRightAfterStart, errorOf, loggedBody, run, setup, type CoroutineFn, type Style } from "./helpers.js";

type Log = (...a: unknown[]) => void;

/** `!Name:msg`, with groups as `EG[...]`. */
function d(e: unknown): string {
  if (e instanceof ExceptionGroup) return `EG[${e.exceptions.map(d).join(",")}]`;
  const err = e as Error;
  return err.message ? `${err.name}:${err.message}` : err.name;
}

function* child(log: Log, name: string, delay: number, fail = false): Coroutine<string> {
  try {
    yield* sleep(delay);
  } catch (e) {
    log("child cancelled", name);
    throw e;
  }
  if (fail) {
    log("child fails", name);
    throw new Boom(name);
  }
  log("child done", name);
  return name;
}

const cancelling = (): number => currentTask()!.cancelling();

describe("taskGroup()", () => {
  it("waits for every child and resolves to the body's value (generator)", async () => {
    const { loop, events, log } = setup();
    await run(function* () {
      const [a, b] = yield* taskGroup(function* (tg) {
        const a = tg.createTask(child(log, "a", 1));
        const b = tg.createTask(child(log, "b", 2), { name: "bee" });
        log("body end", b.getName());
        return [a, b] as const;
      });
      log("after", a.result(), b.result(), cancelling());
    }, loop);
    expect(events).toEqual([
      [0, "body end", "bee"],
      [1, "child done", "a"],
      [2, "child done", "b"],
      [2, "after", "a", "b", 0],
    ]);
  });

  it("waits for every child and resolves to the body's value (async)", async () => {
    const { loop, events, log } = setup();
    await run(async () => {
      const r = await taskGroup(async (tg) => {
        tg.createTask(async () => {
          await sleep(1);
          log("child done");
        });
        await sleep(0.5);
        return "body";
      });
      log("after", r);
    }, loop);
    expect(events).toEqual([
      [1, "child done"],
      [1, "after", "body"],
    ]);
  });

  it("cancels the other children and the body on the first failure, then throws an ExceptionGroup", async () => {
    for (const style of ["generator", "async"]) {
      const { loop, events, log } = setup();
      await run(
        style === "generator"
          ? function* () {
              try {
                yield* taskGroup(function* (tg) {
                  tg.createTask(child(log, "a", 3));
                  tg.createTask(child(log, "b", 1, true));
                  tg.createTask(child(log, "c", 2, true));
                  try {
                    yield* sleep(10);
                  } catch (e) {
                    log("body cancelled", cancelling());
                    throw e;
                  }
                });
              } catch (e) {
                log("EG", d(e), (e as Error).message, e instanceof AggregateError, cancelling());
              }
            }
          : async () => {
              try {
                await taskGroup(async (tg) => {
                  tg.createTask(child(log, "a", 3));
                  tg.createTask(child(log, "b", 1, true));
                  tg.createTask(child(log, "c", 2, true));
                  try {
                    await sleep(10);
                  } catch (e) {
                    log("body cancelled", cancelling());
                    throw e;
                  }
                });
              } catch (e) {
                log("EG", d(e), (e as Error).message, e instanceof AggregateError, cancelling());
              }
            },
        loop,
      );
      expect(events, style).toEqual([
        [1, "child fails", "b"],
        [1, "child cancelled", "a"],
        [1, "child cancelled", "c"],
        [1, "body cancelled", 1],
        [1, "EG", "EG[Boom:b]", "unhandled errors in a TaskGroup (1 sub-exception)", true, 0],
      ]);
    }
  });

  it("adds the body's own error after the children's", async () => {
    const { loop, events, log } = setup();
    await run(function* () {
      try {
        yield* taskGroup(function* (tg) {
          tg.createTask(child(log, "a", 3));
          tg.createTask(child(log, "b", 1, true));
          tg.createTask(function* () {
            yield* sleep(0.25);
            throw new Boom("early");
          });
          try {
            yield* sleep(10);
          } catch {
            throw new Boom("body");
          }
        });
      } catch (e) {
        log("EG", d(e));
      }
    }, loop);
    expect(events).toEqual([
      [0.25, "child cancelled", "a"],
      [0.25, "child cancelled", "b"],
      [0.25, "EG", "EG[Boom:early,Boom:body]"],
    ]);
  });

  it("cancels the children when the body throws, and reports the body's error", async () => {
    const { loop, events, log } = setup();
    await run(function* () {
      try {
        yield* taskGroup(function* (tg) {
          tg.createTask(child(log, "a", 3));
          tg.createTask(child(log, "b", 1, true));
          yield* sleep(0.5);
          throw new Boom("body");
        });
      } catch (e) {
        log("EG", d(e));
      }
    }, loop);
    expect(events).toEqual([
      [0.5, "child cancelled", "a"],
      [0.5, "child cancelled", "b"],
      [0.5, "EG", "EG[Boom:body]"],
    ]);
  });

  it("propagates an outside cancel as CancelledError after cancelling the children", async () => {
    for (const style of ["generator", "async"]) {
      const { loop, events, log } = setup();
      await run(function* () {
        const body = (tg: TaskGroup) => {
          tg.createTask(child(log, "a", 3));
          tg.createTask(child(log, "b", 4));
        };
        const w =
          style === "generator"
            ? createTask(function* () {
                try {
                  yield* taskGroup(function* (tg) {
                    body(tg);
                    yield* sleep(10);
                  });
                } catch (e) {
                  log("w got", d(e), cancelling());
                  throw e;
                }
              })
            : createTask(async () => {
                try {
                  await taskGroup(async (tg) => {
                    body(tg);
                    await sleep(10);
                  });
                } catch (e) {
                  log("w got", d(e), cancelling());
                  throw e;
                }
              });
        yield* sleep(1);
        w.cancel();
        try {
          yield* w;
        } catch {
          log("w cancelled", w.cancelled());
        }
      }, loop);
      expect(events, style).toEqual([
        [1, "child cancelled", "a"],
        [1, "child cancelled", "b"],
        [1, "w got", "CancelledError", 1],
        [1, "w cancelled", true],
      ]);
    }
  });

  it("lets errors win over an outside cancel, which stays counted for the next await", async () => {
    const { loop, events, log } = setup();
    function* slowCleanup(): Coroutine<void> {
      try {
        yield* sleep(10);
      } catch (e) {
        log("a cleanup start");
        yield* sleep(1);
        log("a cleanup end");
        throw e;
      }
    }
    await run(function* () {
      const w = createTask(function* () {
        try {
          yield* taskGroup(function* (tg) {
            tg.createTask(slowCleanup());
            tg.createTask(child(log, "b", 1, true));
            yield* sleep(10);
          });
        } catch (e) {
          log("w got", d(e), cancelling());
        }
        try {
          yield* sleep(1);
          log("not reached");
        } catch {
          log("next await cancelled", cancelling());
        }
      });
      yield* sleep(0);
      loop.callAt(1.5, () => w.cancel());
      yield* w;
    }, loop);
    expect(events).toEqual([
      [1, "child fails", "b"],
      [1, "a cleanup start"],
      [2, "a cleanup end"],
      [2, "w got", "EG[Boom:b]", 1],
      [2, "next await cancelled", 1],
    ]);
  });

  it("lets errors win over an outside cancel in an async function too", async () => {
    const { loop, events, log } = setup();
    await run(function* () {
      const w = createTask(async () => {
        try {
          await taskGroup(async (tg) => {
            tg.createTask(async () => {
              try {
                await sleep(10);
              } catch (e) {
                log("a cleanup start");
                await sleep(1);
                log("a cleanup end");
                throw e;
              }
            });
            tg.createTask(child(log, "b", 1, true));
            await sleep(10);
          });
        } catch (e) {
          log("w got", d(e), cancelling());
        }
        try {
          await sleep(1);
          log("not reached");
        } catch {
          log("next await cancelled", cancelling());
        }
      });
      yield* sleep(0);
      loop.callAt(1.5, () => w.cancel());
      yield* w;
    }, loop);
    expect(events).toEqual([
      [1, "child fails", "b"],
      [1, "a cleanup start"],
      [2, "a cleanup end"],
      [2, "w got", "EG[Boom:b]", 1],
      [2, "next await cancelled", 1],
    ]);
  });

  it("waits for slow cleanup, then propagates an outside cancel that arrived while exiting", async () => {
    const { loop, events, log } = setup();
    await run(function* () {
      const w = createTask(function* () {
        try {
          yield* taskGroup(function* (tg) {
            tg.createTask(function* () {
              try {
                yield* sleep(10);
              } catch (e) {
                log("cleanup start");
                yield* sleep(1);
                log("cleanup end");
                throw e;
              }
            });
          });
        } catch (e) {
          log("w got", d(e), cancelling());
          throw e;
        }
      });
      yield* sleep(1);
      w.cancel();
      try {
        yield* w;
      } catch {
        log("w cancelled");
      }
    }, loop);
    expect(events).toEqual([
      [1, "cleanup start"],
      [2, "cleanup end"],
      [2, "w got", "CancelledError", 1],
      [2, "w cancelled"],
    ]);
  });

  it("does not count a cancelled child as an error", async () => {
    const { loop, events, log } = setup();
    await run(function* () {
      let a: Task<string> | null = null;
      yield* taskGroup(function* (tg) {
        a = tg.createTask(child(log, "a", 3));
        yield* sleep(1);
        a.cancel();
      });
      log("after", a!.cancelled());
    }, loop);
    expect(events).toEqual([
      [1, "child cancelled", "a"],
      [1, "after", true],
    ]);
  });

  it("accepts children started by children", async () => {
    const { loop, events, log } = setup();
    await run(function* () {
      yield* taskGroup(function* (tg) {
        tg.createTask(function* () {
          yield* sleep(1);
          tg.createTask(child(log, "grandchild", 1));
          log("spawned");
        });
      });
      log("all done");
    }, loop);
    expect(events).toEqual([
      [1, "spawned"],
      [2, "child done", "grandchild"],
      [2, "all done"],
    ]);
  });

  it("still reports a failure that happens after the body ended", async () => {
    const { loop, events, log } = setup();
    await run(function* () {
      try {
        yield* taskGroup(function* (tg) {
          tg.createTask(child(log, "a", 3));
          tg.createTask(child(log, "b", 1, true));
        });
      } catch (e) {
        log("EG", d(e), cancelling());
      }
    }, loop);
    expect(events).toEqual([
      [1, "child fails", "b"],
      [1, "child cancelled", "a"],
      [1, "EG", "EG[Boom:b]", 0],
    ]);
  });

  it("lets a body that swallows the group's cancellation go on until it ends", async () => {
    const { loop, events, log } = setup();
    await run(function* () {
      try {
        yield* taskGroup(function* (tg) {
          tg.createTask(child(log, "b", 1, true));
          try {
            yield* sleep(5);
          } catch {
            log("swallowed", cancelling());
          }
          yield* sleep(1);
          log("after swallow");
        });
      } catch (e) {
        log("EG", d(e), cancelling());
      }
    }, loop);
    expect(events).toEqual([
      [1, "child fails", "b"],
      [1, "swallowed", 1],
      [2, "after swallow"],
      [2, "EG", "EG[Boom:b]", 0],
    ]);
  });

  it("nests: an inner group's ExceptionGroup is one error of the outer group", async () => {
    const { loop, events, log } = setup();
    await run(function* () {
      try {
        yield* taskGroup(function* (outer) {
          outer.createTask(sleep(5));
          outer.createTask(
            taskGroup(function* (inner) {
              inner.createTask(child(log, "b", 1, true));
            }),
          );
        });
      } catch (e) {
        log("EG", d(e));
      }
    }, loop);
    expect(events).toEqual([
      [1, "child fails", "b"],
      [1, "EG", "EG[EG[Boom:b]]"],
    ]);
  });

  it("costs no loop iteration when empty, three with one instant child (as CPython)", async () => {
    const r = await run(function* () {
      const loop = getRunningLoop();
      let ticks = 0;
      const tick = (): void => {
        if (++ticks < 20) loop.callSoon(tick);
      };
      loop.callSoon(tick);
      yield* taskGroup(function* () {});
      const empty = ticks;
      yield* taskGroup(function* (tg) {
        tg.createTask(function* () {
          return 1;
        });
      });
      return [empty, ticks];
    });
    expect(r).toEqual([0, 3]);
  });

  it("accounts for a child that an eager task factory finished at once", async () => {
    const r = await run(function* () {
      getRunningLoop().setTaskFactory(eagerTaskFactory);
      try {
        return yield* taskGroup(function* (tg) {
          const t = tg.createTask(function* () {
            return "eager";
          });
          expect(t.done()).toBe(true);
          return t.result();
        });
      } finally {
        getRunningLoop().setTaskFactory(null);
      }
    });
    expect(r).toBe("eager");
  });
});

const STYLE_PAIRS = STYLES.flatMap((caller) => STYLES.map((body) => [caller, body] as const));

/** A taskGroup body in `style` that starts one child (logging `<tag>: child start`), then runs loggedBody. */
function groupBody(style: Style, tag: string, log: (what: string) => void): (tg: TaskGroup) => Coroutine<void> | Promise<void> {
  const rest = loggedBody(style, tag, log);
  const childFn = async (): Promise<void> => {
    log(`${tag}: child start`);
    await sleep(1);
  };
  return style === "async"
    ? async (tg) => {
        tg.createTask(childFn);
        await (rest() as Promise<void>);
      }
    : function* (tg) {
        tg.createTask(childFn);
        yield* rest() as Coroutine<void>;
      };
}

describe("taskGroup() body starts inline", () => {
  // Actors: a caller task enters the group's block; a callback queued right behind the caller's
  // first step cancels it in the same iteration. In CPython the block is code in the caller: the
  // body has started (and created its child) when the cancel comes, which lands at the body's
  // first await; the child's first step comes first in the next iteration. Expected log: CPython
  // 3.13, with `async with asyncio.TaskGroup() as tg:` and the same actors.
  it.each(STYLE_PAIRS)("a cancel right after the caller's step lands at the body's first await (%s caller, %s body)", async (callerStyle, bodyStyle) => {
    const { loop, events, log } = setup();
    await run(cancelRightAfterStart(callerStyle, "taskGroup", () => taskGroup(groupBody(bodyStyle, "taskGroup", log)), log), loop);
    expect(events).toEqual([
      [0, "taskGroup: caller start"],
      [0, "taskGroup: body start"],
      [0, "taskGroup: child start"],
      [0, "taskGroup: body cancelled"],
      [0, "taskGroup: caller cancelled"],
      [0, "taskGroup: t cancelled=true at 0"],
    ]);
  });
});

describe("entering a taskGroup() block twice", () => {
  // CPython: `async with tg` on a TaskGroup that was entered raises
  // RuntimeError(f"TaskGroup {tg!r} has already been entered"), after the block ended and inside
  // the block alike; inside, it is the body's error, so it leaves in the group's ExceptionGroup.
  it.each(STYLES)("throws 'TaskGroup ... has already been entered' when awaited again, and does not rerun the body (%s)", async (style) => {
    let runs = 0;
    const r = await run(
      style === "async"
        ? async () => {
            const op = taskGroup(async (tg) => {
              runs++;
              tg.createTask(sleep(1));
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
            const op = taskGroup(function* (tg) {
              runs++;
              tg.createTask(sleep(1));
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
    expect(r).toEqual([1, "!Error:TaskGroup <TaskGroup entered> has already been entered"]);
    expect(runs).toBe(1);
  });

  it.each(STYLE_PAIRS)("throws it when awaited inside its own body, and the group reports it (%s caller, %s body)", async (callerStyle, bodyStyle) => {
    const { loop, events, log } = setup();
    await run(function* () {
      let op: Awaitable<unknown> | null = null;
      const body =
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
      op = taskGroup(body);
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
        log("out of the block", d(e));
      }
    }, loop);
    expect(events).toEqual([
      [0, "inside", "!Error:TaskGroup <TaskGroup entered> has already been entered"],
      [0, "out of the block", "EG[Error:TaskGroup <TaskGroup entered> has already been entered]"],
    ]);
  });
});

describe("TaskGroup.createTask()", () => {
  it("refuses new tasks once the group is finished or shutting down, and closes the coroutine", async () => {
    const { loop, events, log } = setup();
    await run(function* () {
      let group: TaskGroup | null = null;
      yield* taskGroup(function* (tg) {
        group = tg;
      });
      let closed = false;
      const co = (function* () {
        try {
          yield;
        } finally {
          closed = true;
        }
      })();
      co.next();
      try {
        group!.createTask(co);
      } catch (e) {
        log("Error", (e as Error).message, closed);
      }
      try {
        yield* taskGroup(function* (tg) {
          tg.createTask(child(log, "b", 1, true));
          try {
            yield* sleep(5);
          } catch (e) {
            try {
              tg.createTask(child(log, "late", 1));
            } catch (err) {
              log("Error", (err as Error).message);
            }
            throw e;
          }
        });
      } catch (e) {
        log(d(e));
      }
    }, loop);
    expect(events).toEqual([
      [0, "Error", "TaskGroup <TaskGroup entered> is finished", true],
      [1, "child fails", "b"],
      [1, "Error", "TaskGroup <TaskGroup errors=1 cancelling> is shutting down"],
      [1, "EG[Boom:b]"],
    ]);
  });

  it("needs a task", async () => {
    expect(() => new TaskGroup()).toThrow(/no running event loop/);
    let err: unknown = null;
    await run(function* () {
      getRunningLoop().callSoon(() => {
        try {
          new TaskGroup();
        } catch (e) {
          err = e;
        }
      });
      yield* sleep(0);
    });
    expect(String(err)).toMatch(/TaskGroup should be used inside a task/);
    expect(() => taskGroup(42 as never)).toThrow(TypeError);
  });
});

describe("await using tg = new TaskGroup()", () => {
  it("waits for the children when the block ends and throws their errors as an ExceptionGroup", async () => {
    const { loop, events, log } = setup();
    await run(async () => {
      {
        await using tg = new TaskGroup();
        tg.createTask(child(log, "a", 1));
        tg.createTask(child(log, "b", 2));
      }
      log("block done");
      try {
        await using tg = new TaskGroup();
        tg.createTask(child(log, "c", 3));
        tg.createTask(child(log, "d", 1, true));
      } catch (e) {
        log("caught", d(e));
      }
    }, loop);
    expect(events).toEqual([
      [1, "child done", "a"],
      [2, "child done", "b"],
      [2, "block done"],
      [3, "child fails", "d"],
      [3, "child cancelled", "c"],
      [3, "caught", "EG[Boom:d]"],
    ]);
  });

  it("interrupts the block on a child failure; JavaScript then reports a SuppressedError", async () => {
    const { loop, events, log } = setup();
    await run(async () => {
      try {
        await using tg = new TaskGroup();
        tg.createTask(child(log, "a", 3));
        tg.createTask(child(log, "b", 1, true));
        await sleep(10);
      } catch (e) {
        const s = e as { name: string; error: unknown; suppressed: unknown };
        log("caught", s.name, d(s.error), s.suppressed instanceof CancelledError, cancelling());
      }
    }, loop);
    expect(events).toEqual([
      [1, "child fails", "b"],
      [1, "child cancelled", "a"],
      [1, "caught", "SuppressedError", "EG[Boom:b]", true, 0],
    ]);
  });

  it("cancels the children when the block is cancelled from outside", async () => {
    const { loop, events, log } = setup();
    await run(function* () {
      const w = createTask(async () => {
        await using tg = new TaskGroup();
        tg.createTask(child(log, "a", 3));
        await sleep(10);
      });
      yield* sleep(1);
      w.cancel();
      try {
        yield* w;
      } catch (e) {
        log("w", d(e), w.cancelled());
      }
    }, loop);
    expect(events).toEqual([
      [1, "child cancelled", "a"],
      [1, "w", "CancelledError", true],
    ]);
  });

  it("cancels the children when the task is cancelled while the exit waits for them", async () => {
    const { loop, events, log } = setup();
    await run(function* () {
      const w = createTask(async () => {
        await using tg = new TaskGroup();
        tg.createTask(child(log, "a", 3));
      });
      yield* sleep(1);
      w.cancel();
      try {
        yield* w;
      } catch (e) {
        log("w", d(e), w.cancelled());
      }
    }, loop);
    expect(events).toEqual([
      [1, "child cancelled", "a"],
      [1, "w", "CancelledError", true],
    ]);
  });
});
