// The call graph (CPython 3.14's asyncio.graph): what a task awaits, who awaits it, and the text
// layout of format_call_graph. The combinators' links (gather, TaskGroup, waitFor, shield) are
// tested in packages/combinators/test/call-graph.test.ts.
import { afterEach, describe, expect, it, vi } from "vitest";
import { _setRunningLoop, type Coroutine, type FutureLike } from "@aio/core";
import { Future } from "@aio/future";
import { TestLoop } from "@aio/loop";
import {
  Task,
  captureCallGraph,
  createTask,
  currentTask,
  formatCallGraph,
  printCallGraph,
  _addAwaitedBy,
  _awaitThrough,
  _discardAwaitedBy,
  type FutureCallGraph,
} from "@aio/task";
import { sleep } from "./helpers.js";

/** CPython's layout with the parts that differ per run (ids, files, lines) blanked out. */
function shape(text: string): string {
  return text.replace(/id=0x[0-9a-f]+/g, "id=0x?").replace(/File '[^']*', line \d+/g, "File '?', line ?");
}

/** The names of a graph's awaiters, depth first: `child < parent < grandparent`. */
function chain(g: FutureCallGraph): string[] {
  const name = (f: FutureLike<unknown>): string => (f instanceof Task ? f.getName() : "future");
  return [name(g.future), ...g.awaitedBy.flatMap((p) => chain(p).map((n) => `  ${n}`))];
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe("captureCallGraph(): who awaits whom", () => {
  it("a generator task awaiting a child with yield* is the child's awaiter", async () => {
    const loop = new TestLoop();
    await loop.runUntilComplete(function* () {
      const child = createTask(function* work(): Coroutine<void> {
        yield* sleep(10);
      }, { name: "child" });
      const parent = createTask(function* boss(): Coroutine<void> {
        yield* child;
      }, { name: "parent" });
      yield* sleep(1);
      const g = captureCallGraph(child)!;
      expect(g.future).toBe(child);
      expect(g.awaitedBy.length).toBe(1);
      expect(g.awaitedBy[0]!.future).toBe(parent);
      // The main task awaits nothing: nobody is above the parent.
      expect(g.awaitedBy[0]!.awaitedBy.length).toBe(0);
      expect(shape(formatCallGraph(child))).toBe(
        [
          "* Task(name='child', id=0x?)",
          "  + Call stack:",
          "  |   in generator work()",
          "  + Awaited by:",
          "    * Task(name='parent', id=0x?)",
          "      + Call stack:",
          "      |   in generator boss()",
        ].join("\n"),
      );
      parent.cancel();
      child.cancel();
    });
  });

  it("an async-function task awaiting a child with await is the child's awaiter", async () => {
    const loop = new TestLoop();
    await loop.runUntilComplete(async () => {
      const child = createTask(async function work() {
        await sleep(10);
      }, { name: "child" });
      const parent = createTask(async function boss() {
        await child;
      }, { name: "parent" });
      await sleep(1);
      expect(shape(formatCallGraph(child))).toBe(
        [
          "* Task(name='child', id=0x?)",
          "  + Call stack:",
          "  |   in async work()",
          "  + Awaited by:",
          "    * Task(name='parent', id=0x?)",
          "      + Call stack:",
          "      |   in async boss()",
        ].join("\n"),
      );
      child.cancel();
      await sleep(1);
      expect(parent.cancelled()).toBe(true);
    });
  });

  it("a plain future lists every task awaiting it, in creation order, and shows as * Future(...)", async () => {
    const loop = new TestLoop();
    await loop.runUntilComplete(function* () {
      const fut = new Future<void>();
      const a = createTask(function* () { yield* fut; }, { name: "a" });
      const b = createTask(async () => { await fut; }, { name: "b" });
      yield* sleep(1);
      const g = captureCallGraph(fut)!;
      expect(g.callStack.length).toBe(0);
      expect(g.awaitedBy[0]!.future === a && g.awaitedBy[1]!.future === b).toBe(true);
      const text = shape(formatCallGraph(fut));
      expect(text.split("\n")[0]).toBe("* Future(id=0x?)");
      expect(text).toContain("\n    * Task(name='a', id=0x?)\n");
      expect(text).toContain("\n    * Task(name='b', id=0x?)\n");
      fut.setResult();
    });
  });

  it("follows a chain of awaits upwards, and stops at a cycle (a deadlock) instead of looping", async () => {
    const loop = new TestLoop();
    await loop.runUntilComplete(function* () {
      const tasks: Task<void>[] = [];
      // a awaits b, b awaits c, c awaits a: a deadlock the graph must still describe.
      for (const name of ["a", "b", "c"]) {
        tasks.push(createTask(function* () {
          yield* sleep(0);
          const i = tasks.findIndex((t) => t === currentTask());
          yield* tasks[(i + 1) % 3]!;
        }, { name }));
      }
      yield* sleep(1);
      expect(chain(captureCallGraph(tasks[0]!)!)).toEqual(["a", "  c", "    b"]);
      // (Cancelling one of them would recurse round the cycle, as it does in CPython: they stay.)
    });
  });

  it("uses the links combinators register: _awaitThrough (a future standing for others) and _addAwaitedBy", async () => {
    const loop = new TestLoop();
    await loop.runUntilComplete(function* () {
      const inner = new Future<void>();
      const outer = new Future<void>();
      _awaitThrough(outer, [inner]);
      const waiter = createTask(function* () { yield* outer; }, { name: "waiter" });
      const watched = new Future<void>();
      const group = new Set<FutureLike<unknown>>([watched]);
      const keeper = createTask(function* () { yield* sleep(100); }, { name: "keeper" });
      _addAwaitedBy(keeper, group);
      yield* sleep(1);
      expect(chain(captureCallGraph(inner)!)).toEqual(["future", "  waiter"]);
      expect(chain(captureCallGraph(watched)!)).toEqual(["future", "  keeper"]);
      _discardAwaitedBy(keeper, group);
      expect(chain(captureCallGraph(watched)!)).toEqual(["future"]);
      waiter.cancel();
      keeper.cancel();
    });
    expect(() => _awaitThrough({} as never, [])).toThrow("_awaitThrough(outer): expected a future");
    expect(() => _addAwaitedBy(new Future({ loop: new TestLoop() }) as never, 5 as never)).toThrow(
      "_addAwaitedBy(awaited): expected an iterable of futures",
    );
  });
});

describe("captureCallGraph(): the call stack", () => {
  it("of the current generator task: every yield* level down to the task's coroutine, innermost first", async () => {
    const loop = new TestLoop();
    let g: FutureCallGraph | null = null;
    function* inner(): Coroutine<void> {
      g = captureCallGraph();
      yield* sleep(0);
    }
    function* middle(): Coroutine<void> {
      yield* inner();
    }
    const t = loop.createTask(function* outer(): Coroutine<void> {
      yield* middle();
    }, { name: "me" });
    await loop.runUntilComplete(t);
    const graph = g as FutureCallGraph | null;
    expect(graph!.future).toBe(t);
    const gens = graph!.callStack.filter((e) => e.kind === "generator").map((e) => e.name);
    expect(gens).toEqual(["inner", "middle", "outer"]);
    const first = graph!.callStack[0]!;
    expect(first.fileName).toMatch(/call-graph\.test\.ts$/);
    expect(first.lineNumber).toBeGreaterThan(0);
    // Done: no stack, and nothing awaits it.
    expect(formatCallGraph(t)).toMatch(/^\* Task\(name='me', id=0x[0-9a-f]+\)$/);
  });

  it("of the current async-function task: the running function and the async functions awaiting it", async () => {
    const loop = new TestLoop();
    let g: FutureCallGraph | null = null;
    async function leaf(): Promise<void> {
      await Promise.resolve();
      g = captureCallGraph();
    }
    async function mid(): Promise<void> {
      await leaf();
    }
    await loop.runUntilComplete(async function top() {
      await sleep(0);
      await mid();
    });
    const stack = (g as FutureCallGraph | null)!.callStack;
    expect(stack.map((e) => `${e.kind} ${e.name}`)).toEqual(["async leaf", "async mid", "async top"]);
  });

  it("of a suspended generator task in debug mode: the yield* chain recorded at its await", async () => {
    const loop = new TestLoop({ debug: true });
    loop.slowCallbackDuration = 60; // no slow-step warnings on a busy machine
    function* deep(): Coroutine<void> {
      yield* sleep(10);
    }
    function* shallow(): Coroutine<void> {
      yield* deep();
    }
    await loop.runUntilComplete(function* () {
      const t = createTask(shallow(), { name: "sleeper" });
      yield* sleep(1);
      const stack = captureCallGraph(t)!.callStack;
      expect(stack.map((e) => e.name)).toEqual(["deep", "shallow"]);
      expect(stack.every((e) => e.kind === "generator" && /call-graph\.test\.ts$/.test(e.fileName ?? ""))).toBe(true);
      expect(formatCallGraph(t)).toMatch(/^\* Task\(name='sleeper', id=0x[0-9a-f]+\)\n {2}\+ Call stack:\n {2}\| {3}File '.*call-graph\.test\.ts', line \d+, in generator deep\(\)\n/);
      t.cancel();
    });
  });

  it("of a suspended task outside debug mode: the coroutine function when the task knows it", async () => {
    const loop = new TestLoop();
    await loop.runUntilComplete(function* () {
      const named = createTask(function* fetcher(): Coroutine<void> { yield* sleep(10); });
      const given = createTask((function* hidden(): Coroutine<void> { yield* sleep(10); })());
      const asyncFn = createTask(async function poller() { await sleep(10); });
      yield* sleep(1);
      expect(captureCallGraph(named)!.callStack).toEqual([{ name: "fetcher", kind: "generator", fileName: null, lineNumber: null, columnNumber: null }]);
      // A generator object does not know its function.
      expect(captureCallGraph(given)!.callStack.map((e) => e.name)).toEqual([""]);
      expect(formatCallGraph(given)).toContain("|   in generator <anonymous>()");
      expect(captureCallGraph(asyncFn)!.callStack.map((e) => `${e.kind} ${e.name}`)).toEqual(["async poller"]);
      for (const t of [named, given, asyncFn]) t.cancel();
    });
  });

  it("limit keeps the outermost entries when positive, the innermost when negative, none at 0", async () => {
    const loop = new TestLoop();
    const seen: string[][] = [];
    function* c(): Coroutine<void> {
      for (const limit of [null, 1, -1, 0]) seen.push(captureCallGraph(null, { limit })!.callStack.filter((e) => e.kind === "generator").map((e) => e.name));
      yield* sleep(0);
    }
    function* b(): Coroutine<void> {
      yield* c();
    }
    await loop.runUntilComplete(function* a(): Coroutine<void> {
      yield* b();
    });
    expect(seen).toEqual([["c", "b", "a"], ["a"], ["c"], []]);
  });

  it("depth skips frames of the caller's stack (1: start at the caller)", async () => {
    const loop = new TestLoop();
    let one: string[] = [];
    let two: string[] = [];
    function helper(): void {
      one = captureCallGraph()!.callStack.map((e) => e.name);
      two = captureCallGraph(undefined, { depth: 2 })!.callStack.map((e) => e.name);
    }
    await loop.runUntilComplete(function* body(): Coroutine<void> {
      helper();
      yield* sleep(0);
    });
    expect(one.slice(0, 2)).toEqual(["helper", "body"]);
    expect(two[0]).toBe("body");
  });
});

describe("formatCallGraph() and printCallGraph()", () => {
  it("are '' (an empty line) outside a task, and null from captureCallGraph()", async () => {
    const loop = new TestLoop();
    const out: unknown[] = [];
    vi.spyOn(console, "log").mockImplementation((...args: unknown[]) => {
      out.push(args.join(" "));
    });
    loop.callSoon(() => {
      out.push(captureCallGraph(), formatCallGraph());
      printCallGraph();
      loop.stop();
    });
    await loop.runForever();
    expect(out).toEqual([null, "", ""]);
  });

  it("printCallGraph prints formatCallGraph's text with console.log", async () => {
    const loop = new TestLoop();
    const out: string[] = [];
    vi.spyOn(console, "log").mockImplementation((...args: unknown[]) => {
      out.push(args.join(" "));
    });
    await loop.runUntilComplete(function* () {
      const t = createTask(function* named(): Coroutine<void> { yield* sleep(5); }, { name: "it's" });
      yield* sleep(1);
      printCallGraph(t);
      expect(out).toEqual([formatCallGraph(t)]);
      // Python's repr of a name with a quote uses double quotes.
      expect(out[0]!.split("\n")[0]).toMatch(/^\* Task\(name="it's", id=0x[0-9a-f]+\)$/);
      t.cancel();
    });
  });

  it("refuses bad input, naming the argument", async () => {
    expect(() => captureCallGraph()).toThrow("captureCallGraph(): no running event loop, and no future to introspect was given");
    expect(() => captureCallGraph(42 as never)).toThrow(TypeError);
    expect(() => captureCallGraph(42 as never)).toThrow("captureCallGraph(future): expected a future or task, got 42 (number)");
    expect(() => formatCallGraph({ then() {} } as never)).toThrow("formatCallGraph(future): expected a future or task");
    const fut = new Future({ loop: new TestLoop() });
    expect(() => captureCallGraph(fut, 5 as never)).toThrow(new TypeError("captureCallGraph(options): expected { depth?, limit? }, got 5 (number)"));
    expect(() => formatCallGraph(fut, null as never)).toThrow(new TypeError("formatCallGraph(options): expected { depth?, limit? }, got null"));
    expect(() => captureCallGraph(fut, { depth: 0 })).toThrow(RangeError);
    expect(() => captureCallGraph(fut, { depth: 0 })).toThrow("options.depth must be an integer >= 1, got 0");
    expect(() => captureCallGraph(fut, { depth: "1" as never })).toThrow("options.depth must be an integer >= 1, got \"1\" (string)");
    expect(() => printCallGraph(fut, { limit: 1.5 })).toThrow("printCallGraph(future, options): options.limit must be an integer or null, got 1.5");
    expect(() => captureCallGraph(fut, { limit: "2" as never })).toThrow(new TypeError('captureCallGraph(future, options): options.limit must be an integer or null, got "2" (string)'));
  });
});

describe("debug mode: the report of a cancelled task that does not reach a cancellation point", () => {
  it("carries the task's call graph: the yield* chain it is stuck in, and who awaits it", async () => {
    // A future whose cancel() refuses (a hand-written future might): the cancellation never lands.
    class Stubborn<T> extends Future<T> {
      override cancel(): boolean {
        return false;
      }
    }
    const loop = new TestLoop({ debug: true });
    loop.slowCallbackDuration = 60; // no slow-step warnings on a busy machine
    const reports: Record<string, unknown>[] = [];
    loop.setExceptionHandler((_l, ctx) => {
      if (String(ctx.message).includes("has not reached a cancellation point")) reports.push(ctx);
    });
    const stuck = new Stubborn<void>({ loop });
    function* holdOn(): Coroutine<void> {
      yield* stuck;
    }
    await loop.runUntilComplete(function* () {
      const worker = createTask(function* work(): Coroutine<void> {
        yield* holdOn();
      }, { name: "worker" });
      const boss = createTask(function* supervise(): Coroutine<void> {
        yield* worker;
      }, { name: "boss" });
      yield* sleep(1);
      worker.cancel();
      yield* sleep(2);
      stuck.setResult(); // the worker resumes, takes its cancellation, and so does the boss
      yield* sleep(1);
      expect(worker.cancelled() && boss.cancelled()).toBe(true);
    });
    expect(reports.length).toBe(1);
    const graph = String(reports[0]!.call_graph);
    expect(shape(graph).split("\n")).toEqual([
      "* Task(name='worker', id=0x?)",
      "  + Call stack:",
      "  |   File '?', line ?, in generator holdOn()",
      "  |   File '?', line ?, in generator work()",
      "  + Awaited by:",
      "    * Task(name='boss', id=0x?)",
      "      + Call stack:",
      "      |   File '?', line ?, in generator supervise()",
    ]);
  });
});


describe("captureCallGraph(): awaiters counted once, and never themselves", () => {
  for (const style of ["generator", "async"] as const) {
    it(`a ${style} task awaiting a future both directly and through a group block is listed once`, async () => {
      const loop = new TestLoop();
      await loop.runUntilComplete(function* () {
        const fut = new Future<void>();
        // Two futures standing for each other (a ring of links) must not send the index round for ever.
        const ring1 = new Future<void>();
        const ring2 = new Future<void>();
        _awaitThrough(ring1, [ring2, fut]);
        _awaitThrough(ring2, [ring1]);
        const t = style === "generator"
          ? createTask(function* holder(): Coroutine<void> { yield* ring1; }, { name: "holder" })
          : createTask(async function holder() { await ring1; }, { name: "holder" });
        _addAwaitedBy(t, [fut]);
        yield* sleep(1);
        expect(shape(formatCallGraph(fut)).split("\n")).toEqual([
          "* Future(id=0x?)",
          "  + Awaited by:",
          "    * Task(name='holder', id=0x?)",
          "      + Call stack:",
          `      |   in ${style} holder()`,
        ]);
        expect(chain(captureCallGraph(ring2)!)).toEqual(["future", "  holder"]);
        _discardAwaitedBy(t, [fut]);
        t.cancel();
      });
    });
  }

  it("several groups registered for one task all count, and discarding one keeps the others", async () => {
    const loop = new TestLoop();
    await loop.runUntilComplete(function* () {
      const a = new Future<void>();
      const b = new Future<void>();
      const groupA = [a];
      const groupB = [b];
      const keeper = createTask(function* keep(): Coroutine<void> { yield* sleep(100); }, { name: "keeper" });
      _addAwaitedBy(keeper, groupA);
      _addAwaitedBy(keeper, groupB);
      yield* sleep(1);
      expect([chain(captureCallGraph(a)!), chain(captureCallGraph(b)!)]).toEqual([["future", "  keeper"], ["future", "  keeper"]]);
      _discardAwaitedBy(keeper, groupA);
      expect([chain(captureCallGraph(a)!), chain(captureCallGraph(b)!)]).toEqual([["future"], ["future", "  keeper"]]);
      _discardAwaitedBy(keeper, groupA); // again: nothing to undo
      _discardAwaitedBy(keeper, groupB);
      expect(chain(captureCallGraph(b)!)).toEqual(["future"]);
      _addAwaitedBy(keeper, groupB); // registering again after all were discarded works
      expect(chain(captureCallGraph(b)!)).toEqual(["future", "  keeper"]);
      _discardAwaitedBy(keeper, groupB);
      keeper.cancel();
    });
  });
});

describe("captureCallGraph(): the running task as an awaiter, and other loops", () => {
  for (const style of ["generator", "async"] as const) {
    it(`the ${style} task that calls it, shown as awaiting a child, is named by its coroutine, not its live stack`, async () => {
      const loop = new TestLoop();
      let text = "";
      const body = function* (): Coroutine<void> {
        const child = createTask(function* work(): Coroutine<void> { yield* sleep(10); }, { name: "child" });
        const me = currentTask()!;
        const group = [child];
        _addAwaitedBy(me, group); // as a TaskGroup block does
        yield* sleep(1);
        text = formatCallGraph(child);
        _discardAwaitedBy(me, group);
        child.cancel();
      };
      if (style === "generator") {
        await loop.runUntilComplete(loop.createTask(function* main(): Coroutine<void> { yield* body(); }, { name: "main" }));
      } else {
        await loop.runUntilComplete(loop.createTask(async function main() {
          const child = createTask(async function work() { await sleep(10); }, { name: "child" });
          const group = [child];
          _addAwaitedBy(currentTask()!, group);
          await sleep(1);
          text = formatCallGraph(child);
          _discardAwaitedBy(currentTask()!, group);
          child.cancel();
        }, { name: "main" }));
      }
      expect(shape(text).split("\n")).toEqual([
        "* Task(name='child', id=0x?)",
        "  + Call stack:",
        `  |   in ${style} work()`,
        "  + Awaited by:",
        "    * Task(name='main', id=0x?)",
        "      + Call stack:",
        `      |   in ${style} main()`,
      ]);
    });
  }

  it("is null (and the text empty) when the running task belongs to another loop than the running one", async () => {
    const loop = new TestLoop();
    const other = new TestLoop();
    const seen: unknown[] = [];
    await loop.runUntilComplete(function* () {
      _setRunningLoop(other);
      try {
        seen.push(captureCallGraph(), formatCallGraph());
      } finally {
        _setRunningLoop(loop);
      }
      seen.push(captureCallGraph() !== null);
      yield* sleep(0);
    });
    expect(seen).toEqual([null, "", true]);
  });
});

describe("captureCallGraph(): stacks in detail", () => {
  it("the current generator task's stack shows plain functions without a kind and generators as such", async () => {
    const loop = new TestLoop();
    let text = "";
    function describeHere(): string {
      return formatCallGraph();
    }
    await loop.runUntilComplete(loop.createTask(function* body(): Coroutine<void> {
      text = describeHere();
      yield* sleep(0);
    }, { name: "me" }));
    expect(shape(text).split("\n")).toEqual([
      "* Task(name='me', id=0x?)",
      "  + Call stack:",
      "  |   File '?', line ?, in describeHere()",
      "  |   File '?', line ?, in generator body()",
    ]);
  });

  it("with a stack formatter that gives no line numbers, a frame shows its file alone", async () => {
    const E = Error as unknown as { prepareStackTrace?: unknown };
    const previous = E.prepareStackTrace;
    E.prepareStackTrace = (err: Error, sites: { getFunctionName(): string | null; getFileName(): string | null | undefined }[]) =>
      `${err}` + sites.map((s) => `\n    at ${s.getFunctionName() ?? "<anonymous>"} (${s.getFileName() ?? "<anonymous>"})`).join("");
    const loop = new TestLoop();
    let text = "";
    try {
      function describeHere(): string {
        return formatCallGraph();
      }
      await loop.runUntilComplete(loop.createTask(function* body(): Coroutine<void> {
        text = describeHere();
        yield* sleep(0);
      }, { name: "me" }));
    } finally {
      E.prepareStackTrace = previous;
    }
    expect(text.replace(/File '[^']*call-graph\.test\.ts'/g, "File 'call-graph.test.ts'").split("\n").slice(1)).toEqual([
      "  + Call stack:",
      "  |   File 'call-graph.test.ts', in describeHere()",
      "  |   File 'call-graph.test.ts', in generator body()",
    ]);
  });

  it("a generator task made ready again without a new await site is named by its coroutine (debug mode)", async () => {
    const loop = new TestLoop({ debug: true });
    loop.slowCallbackDuration = 60; // no slow-step warnings on a busy machine
    const gate = new Future<void>({ loop });
    function* inner(): Coroutine<void> {
      yield* gate; // recorded: the stack down to here
    }
    const texts: string[] = [];
    await loop.runUntilComplete(function* () {
      const t = createTask(function* outer(): Coroutine<void> {
        yield* inner();
        yield; // gives up one iteration: awaits no future, records no site
        yield* sleep(10);
      }, { name: "t" });
      yield* sleep(1);
      texts.push(shape(formatCallGraph(t)));
      gate.setResult();
      yield; // t resumes and yields
      texts.push(shape(formatCallGraph(t)));
      t.cancel();
    });
    expect(texts).toEqual([
      ["* Task(name='t', id=0x?)", "  + Call stack:", "  |   File '?', line ?, in generator inner()", "  |   File '?', line ?, in generator outer()"].join("\n"),
      ["* Task(name='t', id=0x?)", "  + Call stack:", "  |   in generator outer()"].join("\n"),
    ]);
  });

  it("a generator task suspended below more frames than a stack trace keeps is named by its coroutine (debug mode)", async () => {
    const loop = new TestLoop({ debug: true });
    loop.slowCallbackDuration = 60; // no slow-step warnings on a busy machine
    const gate = new Future<void>({ loop });
    // An awaitable whose iterator reaches the future through 100 plain calls: the recorded stack
    // ends before it reaches any generator.
    const deep = (n: number, then: () => IteratorResult<unknown, void>): IteratorResult<unknown, void> => (n === 0 ? then() : deep(n - 1, then));
    const awaitable = {
      [Symbol.iterator](): Iterator<unknown, void, unknown> {
        const it = gate[Symbol.iterator]();
        return { next: (v?: unknown) => deep(100, () => it.next(v)) };
      },
    };
    let text = "";
    await loop.runUntilComplete(function* () {
      const t = createTask(function* waiter(): Coroutine<void> {
        yield* awaitable as unknown as Coroutine<void>;
      }, { name: "w" });
      yield* sleep(1);
      text = shape(formatCallGraph(t));
      gate.setResult();
      yield* t;
    });
    expect(text.split("\n")).toEqual(["* Task(name='w', id=0x?)", "  + Call stack:", "  |   in generator waiter()"]);
  });

  it("names are shown as Python's repr: backslashes doubled, a single quote escaped when both quotes occur", async () => {
    const loop = new TestLoop();
    await loop.runUntilComplete(function* () {
      const a = createTask(function* one(): Coroutine<void> { yield* sleep(5); }, { name: "a\\b" });
      const b = createTask(function* two(): Coroutine<void> { yield* sleep(5); }, { name: `it's "x"` });
      const c = createTask(function* three(): Coroutine<void> { yield* sleep(5); }, { name: `say "hi"` });
      yield* sleep(1);
      expect([a, b, c].map((t) => shape(formatCallGraph(t)).split("\n")[0])).toEqual([
        "* Task(name='a\\\\b', id=0x?)",
        "* Task(name='it\\'s \"x\"', id=0x?)",
        "* Task(name='say \"hi\"', id=0x?)",
      ]);
      for (const t of [a, b, c]) t.cancel();
    });
  });
});

describe("_awaitThrough() and _addAwaitedBy(): bad input", () => {
  it("refuse a non-future and anything that is not an iterable object, naming the argument", async () => {
    const loop = new TestLoop();
    const fut = new Future<void>({ loop });
    const task = new Task(function* (): Coroutine<void> {}, { loop });
    expect(() => _addAwaitedBy({} as never, [])).toThrow(new TypeError("_addAwaitedBy(awaiter): expected a task, got Object (object)"));
    expect(() => _awaitThrough(7 as never, [])).toThrow(new TypeError("_awaitThrough(outer): expected a future, got 7 (number)"));
    const bad: [unknown, string][] = [
      [null, "null"],
      [5, "5 (number)"],
      ["ab", '"ab" (string)'],
      [{}, "Object (object)"],
    ];
    for (const [x, shown] of bad) {
      expect(() => _addAwaitedBy(task, x as never)).toThrow(new TypeError(`_addAwaitedBy(awaited): expected an iterable of futures, got ${shown}`));
      expect(() => _awaitThrough(fut, x as never)).toThrow(new TypeError(`_awaitThrough(inner): expected an iterable of futures, got ${shown}`));
    }
    // Iterable objects of any kind are taken (read when a graph is captured).
    expect(() => _addAwaitedBy(task, new Set())).not.toThrow();
    _discardAwaitedBy(task, new Set());
    await loop.runUntilComplete(task);
  });
});

describe("captureCallGraph(): an async task's code running outside its own frames", () => {
  it("ends the stack with the task's function when it has a name, and adds nothing for an anonymous one", async () => {
    const loop = new TestLoop();
    // Code of the task run from a timer callback: none of the task's async frames is on the stack.
    const fromTimer = (): Promise<FutureCallGraph> => new Promise((resolve) => setTimeout(() => resolve(captureCallGraph()!), 1));
    let named: FutureCallGraph | null = null;
    let anonymous: FutureCallGraph | null = null;
    await loop.runUntilComplete(async function fetcher() {
      await sleep(0);
      named = await fromTimer();
    });
    await loop.runUntilComplete(async () => {
      await sleep(0);
      anonymous = await fromTimer();
    });
    const n = (named as FutureCallGraph | null)!.callStack;
    const a = (anonymous as FutureCallGraph | null)!.callStack;
    expect(n[0]!.fileName).toMatch(/call-graph\.test\.ts$/);
    expect(n.filter((e) => e.name === "fetcher")).toEqual([{ name: "fetcher", kind: "async", fileName: null, lineNumber: null, columnNumber: null }]);
    expect(n.at(-1)!.name).toBe("fetcher");
    expect(a[0]!.fileName).toMatch(/call-graph\.test\.ts$/);
    expect(a.map((e) => e.fileName === null)).not.toContain(true);
    expect(a.length).toBe(n.length - 1);
  });
});

describe("captureCallGraph(): no running loop", () => {
  it("an async task's code that goes on after its loop stopped (a foreign promise settled) is shown as suspended, not live", async () => {
    // (A generator task cannot run without its loop: only an async function can get here.)
    const loop = new TestLoop();
    let release: () => void = () => {};
    let text = "";
    await loop.runUntilComplete(async () => {
      const t: Task<void> = createTask(async function later() {
        await new Promise<void>((resolve) => (release = resolve));
        text = formatCallGraph(t);
      }, { name: "later" });
      await sleep(1);
    });
    release();
    await new Promise((resolve) => setTimeout(resolve, 1));
    expect(shape(text)).toBe(["* Task(name='later', id=0x?)", "  + Call stack:", "  |   in async later()"].join("\n"));
  });
});
