// The call graph through the combinators: gather's children, a TaskGroup's children, waitFor and
// shield are awaited by the task that awaits the combinator (CPython's future_add_to_awaited_by),
// in both coroutine styles, and the text has CPython's format_call_graph layout.
import { describe, expect, it } from "vitest";
import type { Coroutine, FutureLike } from "@aio/core";
import { TestLoop } from "@aio/loop";
import { Task, captureCallGraph, createTask, formatCallGraph, formatTaskTable, formatTaskTree, type FutureCallGraph } from "@aio/task";
import { TaskGroup, gather, shield, sleep, taskGroup, waitFor } from "@aio/combinators";

/** The names in a graph, depth first, two spaces per level of "awaited by". */
function chain(g: FutureCallGraph | null): string[] {
  if (g === null) return [];
  const name = (f: FutureLike<unknown>): string => (f instanceof Task ? f.getName() : "future");
  return [name(g.future), ...g.awaitedBy.flatMap((p) => chain(p).map((n) => `  ${n}`))];
}

/**
 * A format_call_graph text reduced to its skeleton: ids, generated task names and frame lines
 * blanked, consecutive frame lines folded into one. What is left is CPython's layout.
 */
function skeleton(text: string): string {
  return text
    .split("\n")
    .map((l) => l.replace(/id=0x[0-9a-f]+/, "id=0x?").replace(/Task-\d+/, "Task-?").replace(/\|( {3}).*$/, "|$1<frame>"))
    .filter((l, i, all) => !(l.endsWith("<frame>") && all[i - 1] === l))
    .join("\n");
}

function waiter(name: string, seconds = 10): Task<void> {
  return createTask(function* (): Coroutine<void> {
    yield* sleep(seconds);
  }, { name });
}

function asyncWaiter(name: string, seconds = 10): Task<void> {
  return createTask(async () => {
    await sleep(seconds);
  }, { name });
}

describe("call graph through gather()", () => {
  it("a generator task awaiting gather([...]) awaits every child", async () => {
    await new TestLoop().runUntilComplete(function* () {
      const a = waiter("a");
      const b = asyncWaiter("b");
      const parent = createTask(function* (): Coroutine<unknown> {
        return yield* gather([a, b]);
      }, { name: "parent" });
      yield* sleep(1);
      expect(chain(captureCallGraph(a))).toEqual(["a", "  parent"]);
      expect(chain(captureCallGraph(b))).toEqual(["b", "  parent"]);
      parent.cancel();
    });
  });

  it("an async-function task awaiting gather, with gather nested in gather: all children are the awaiter's", async () => {
    await new TestLoop().runUntilComplete(async () => {
      const [a, b, c] = [waiter("a"), asyncWaiter("b"), waiter("c")];
      const parent = createTask(async () => {
        await gather([gather([a, b]), c]);
      }, { name: "parent" });
      await sleep(1);
      for (const t of [a, b, c]) expect(chain(captureCallGraph(t))).toEqual([t.getName(), "  parent"]);
      // The main task (running) and the parent are the roots; under the parent, what it awaits.
      expect(formatTaskTree().replace(/Task-\d+/, "Task-?").split("\n")).toEqual([
        "├── (T) Task-?  async <anonymous>  [running]",
        "└── (T) parent  async <anonymous>",
        "    ├── (T) a  generator <anonymous>",
        "    ├── (T) b  async <anonymous>",
        "    └── (T) c  generator <anonymous>",
      ]);
      parent.cancel();
    });
  });
});

describe("call graph through a TaskGroup", () => {
  it("children are awaited by the task running the block, while the block awaits something else (generator)", async () => {
    await new TestLoop().runUntilComplete(function* () {
      let child!: Task<void>;
      const parent = createTask(function* (): Coroutine<void> {
        yield* taskGroup(function* (tg) {
          child = tg.createTask(function* () {
            yield* sleep(10);
          }, { name: "child" });
          yield* sleep(5); // the block itself waits on a sleep
        });
      }, { name: "parent" });
      yield* sleep(1);
      expect(chain(captureCallGraph(child))).toEqual(["child", "  parent"]);
      yield* sleep(5); // the block has ended: the group waits for the child in its exit
      expect(chain(captureCallGraph(child))).toEqual(["child", "  parent"]);
      yield* parent;
      expect(chain(captureCallGraph(child))).toEqual(["child"]);
    });
  });

  it("children are awaited by the task running the block (async function, and `await using`)", async () => {
    await new TestLoop().runUntilComplete(async () => {
      let child!: Task<void>;
      let other!: Task<void>;
      const parent = createTask(async () => {
        await taskGroup(async (tg) => {
          child = tg.createTask(async () => {
            await sleep(10);
          }, { name: "child" });
          await sleep(5);
        });
        await using tg = new TaskGroup();
        other = tg.createTask(async () => {
          await sleep(3);
        }, { name: "other" });
      }, { name: "parent" });
      await sleep(1);
      expect(chain(captureCallGraph(child))).toEqual(["child", "  parent"]);
      await sleep(10);
      expect(chain(captureCallGraph(other))).toEqual(["other", "  parent"]);
      await parent;
      expect(chain(captureCallGraph(other))).toEqual(["other"]);
    });
  });

  it("has CPython's format_call_graph layout (asyncio docs example: print_call_graph() in a TaskGroup child)", async () => {
    // CPython 3.14 prints, for the same program:
    //   * Task(name='test', id=0x1039f0fe0)
    //     + Call stack:
    //     |   File 't2.py', line 4, in async test()
    //     + Awaited by:
    //         * Task(name='Task-1', id=0x103a5e060)
    //             + Call stack:
    //             |   File 'taskgroups.py', line 107, in async TaskGroup.__aexit__()
    //             |   File 't2.py', line 7, in async main()
    // (each level of "Awaited by" is indented by four spaces in graph.py's render_level).
    const expected = [
      "* Task(name='test', id=0x?)",
      "  + Call stack:",
      "  |   <frame>",
      "  + Awaited by:",
      "    * Task(name='Task-?', id=0x?)",
      "      + Call stack:",
      "      |   <frame>",
    ].join("\n");
    for (const style of ["generator", "async"] as const) {
      const loop = new TestLoop({ debug: true });
      let text = "";
      if (style === "generator") {
        await loop.runUntilComplete(function* main(): Coroutine<void> {
          yield* taskGroup(function* (g) {
            g.createTask(function* test(): Coroutine<void> {
              text = formatCallGraph();
              yield* sleep(0);
            }, { name: "test" });
          });
        });
      } else {
        await loop.runUntilComplete(async function main() {
          await taskGroup(async (g) => {
            g.createTask(async function test() {
              text = formatCallGraph();
              await sleep(0);
            }, { name: "test" });
          });
        });
      }
      expect(skeleton(text), style).toBe(expected);
      const lines = text.split("\n");
      expect(lines[2], style).toMatch(new RegExp(`^ {2}\\| {3}File '.*call-graph\\.test\\.ts', line \\d+, in ${style} test\\(\\)$`));
      // The parent's stack ends with main; in debug mode a generator parent also shows the
      // group's exit, as CPython shows TaskGroup.__aexit__.
      expect(lines.at(-1), style).toMatch(new RegExp(`in ${style} main\\(\\)$`));
      if (style === "generator") expect(text).toMatch(/task-group\.ts', line \d+, in generator (?:TaskGroup\.)?_exit\(\)/);
    }
  });
});

describe("call graph through waitFor() and shield()", () => {
  it("waitFor(task) in either style: the task is awaited by the caller", async () => {
    await new TestLoop().runUntilComplete(function* () {
      const t1 = waiter("t1");
      const t2 = waiter("t2");
      const gen = createTask(function* (): Coroutine<void> {
        yield* waitFor(t1, 100);
      }, { name: "gen" });
      const asy = createTask(async () => {
        await waitFor(t2, 100);
      }, { name: "asy" });
      yield* sleep(1);
      expect(chain(captureCallGraph(t1))).toEqual(["t1", "  gen"]);
      expect(chain(captureCallGraph(t2))).toEqual(["t2", "  asy"]);
      gen.cancel();
      asy.cancel();
    });
  });

  it("waitFor(asyncFn) from a generator task: the stand-in child task is awaited by the caller", async () => {
    await new TestLoop().runUntilComplete(function* () {
      const caller = createTask(function* (): Coroutine<void> {
        yield* waitFor(async () => {
          await sleep(10);
        }, 100);
      }, { name: "caller" });
      yield* sleep(1);
      // The stand-in task is named like its caller, and awaited by it.
      const rows = formatTaskTable().split("\n").filter((l) => /^0x[0-9a-f]+\s+caller\s/.test(l));
      expect(rows.length).toBe(2);
      expect(rows[0]).toMatch(/^0x[0-9a-f]+\s+caller\s+waiting\s+-\s+generator <anonymous>\s+awaiting Task 'caller'$/);
      expect(rows[1]).toMatch(/^0x[0-9a-f]+\s+caller\s+waiting\s+caller\s+async <anonymous>\s+awaiting <Future pending>$/);
      caller.cancel();
    });
  });

  it("shield(task): the shielded task is awaited by whoever awaits the shield", async () => {
    await new TestLoop().runUntilComplete(async () => {
      const inner = asyncWaiter("inner");
      const outerWaiter = createTask(async () => {
        await waitFor(shield(inner), 100);
      }, { name: "guard" });
      await sleep(1);
      expect(chain(captureCallGraph(inner))).toEqual(["inner", "  guard"]);
      outerWaiter.cancel();
      await sleep(1);
      // The guard is gone; the shielded task runs on, awaited by nobody.
      expect(chain(captureCallGraph(inner))).toEqual(["inner"]);
      inner.cancel();
    });
  });

  it("a chain through several levels: waitFor inside a TaskGroup child inside gather", async () => {
    await new TestLoop().runUntilComplete(function* () {
      const leaf = waiter("leaf");
      const top = createTask(function* (): Coroutine<void> {
        yield* gather([
          createTask(function* (): Coroutine<void> {
            yield* taskGroup(function* (tg) {
              tg.createTask(function* () {
                yield* waitFor(leaf, 100);
              }, { name: "wait" });
            });
          }, { name: "group" }),
        ]);
      }, { name: "top" });
      yield* sleep(1);
      expect(chain(captureCallGraph(leaf))).toEqual(["leaf", "  wait", "    group", "      top"]);
      expect(skeleton(formatCallGraph(leaf)).split("\n").filter((l) => l.includes("* Task"))).toEqual([
        "* Task(name='leaf', id=0x?)",
        "    * Task(name='wait', id=0x?)",
        "        * Task(name='group', id=0x?)",
        "            * Task(name='top', id=0x?)",
      ]);
      top.cancel();
    });
  });
});
