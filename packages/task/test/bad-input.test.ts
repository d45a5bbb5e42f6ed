// Bad input, table by table: every public function, method and constructor of @aio/task given
// wrong types, NaN, ±Infinity, objects that are not what it wants, and misuse (closed loop, foreign
// loop, no loop). A refused call fails where it is made, with the exact error class and a message
// that names the function and the argument (never an engine message). Where CPython accepts
// something, it is still accepted, and the row says what it does.
import { afterEach, describe, expect, it } from "vitest";
import { CancelledError, InvalidStateError, setEventLoop, type Coroutine } from "@aio/core";
import { Future } from "@aio/future";
import { TestLoop } from "@aio/loop";
import {
  Task,
  _asAwaitable,
  _drive,
  _nextIteration,
  _pendingTasksOf,
  _thenable,
  allTasks,
  createTask,
  currentTask,
  eagerTaskFactory,
  ensureFuture,
} from "@aio/task";
import { sleep } from "./helpers.js";

type ErrorClass = abstract new (...args: never[]) => Error;
/** A call that must be refused where it is made: exactly this error class, and a message saying why. */
interface Refused {
  call: string;
  run: () => unknown;
  error: ErrorClass;
  message: RegExp;
}
/** A call that must keep working: `run` asserts what it did. */
interface Accepted {
  call: string;
  run: () => unknown;
}

function errorOf(run: () => unknown): Error {
  try {
    run();
  } catch (e) {
    return e as Error;
  }
  throw new Error("expected the call to throw, but it returned");
}

const loop = new TestLoop();
const other = new TestLoop();
const closed = new TestLoop();
closed.close();
const noProto = Object.create(null) as object;
// eslint-disable-next-line require-yield
function* body(): Coroutine<number> {
  return 1;
}
/** A pending task on `loop` (it never runs: the loop is not run). */
const task = (): Task<number> => new Task(body, { loop });

/** Runs `fn` with `loop` as the running loop, as a loop callback would. */
function inLoop<T>(fn: () => T): T {
  let out!: T;
  loop._synchronously(() => {
    out = fn();
  });
  return out;
}

afterEach(() => setEventLoop(null));

const refused: Refused[] = [
  // new Task(coro, options?)
  { call: "new Task(42)", run: () => new Task(42 as never, { loop }), error: TypeError, message: /^Task\(coro\): a coroutine was expected, got 42 \(number\)$/ },
  { call: "new Task(null)", run: () => new Task(null as never, { loop }), error: TypeError, message: /^Task\(coro\): .*got null$/ },
  { call: 'new Task("main")', run: () => new Task("main" as never, { loop }), error: TypeError, message: /^Task\(coro\): .*got "main" \(string\)$/ },
  { call: "new Task(g, 42)", run: () => new Task(body, 42 as never), error: TypeError, message: /^Task\(options\): expected \{ name\?, loop\?, eagerStart\?, context\? \}, got 42 \(number\)$/ },
  { call: 'new Task(g, { context: "c" })', run: () => new Task(body, { loop, context: "c" as never }), error: TypeError, message: /^Task\(options\.context\): expected a Context \(from @aio\/contextvars\), null or undefined, got "c" \(string\)$/ },
  { call: "new Task(g, null)", run: () => new Task(body, null as never), error: TypeError, message: /^Task\(options\): .*got null$/ },
  { call: "new Task(g, { loop: 42 })", run: () => new Task(body, { loop: 42 as never }), error: TypeError, message: /^Task\(options\.loop\): expected an EventLoop, got 42 \(number\)$/ },
  { call: 'new Task(g, { loop: "x" })', run: () => new Task(body, { loop: "x" as never }), error: TypeError, message: /^Task\(options\.loop\): .*got "x" \(string\)$/ },
  { call: "new Task(g, { loop: closedLoop })", run: () => new Task(body, { loop: closed }), error: Error, message: /^Event loop is closed$/ },
  { call: "new Task(g) with no loop running or set", run: () => new Task(body), error: Error, message: /no current event loop/ },
  // createTask(coro, options?)
  { call: "createTask(42, { loop })", run: () => createTask(42 as never, { loop }), error: TypeError, message: /^createTask\(coro\): a coroutine was expected, got 42 \(number\)$/ },
  { call: "createTask(undefined, { loop })", run: () => createTask(undefined as never, { loop }), error: TypeError, message: /^createTask\(coro\): .*got undefined$/ },
  { call: 'createTask(g, { loop: "x" }) (was an engine message)', run: () => createTask(body, { loop: "x" as never }), error: TypeError, message: /^createTask\(options\.loop\): expected an EventLoop, got "x" \(string\)$/ },
  { call: "createTask(g, { loop: NaN })", run: () => createTask(body, { loop: NaN as never }), error: TypeError, message: /^createTask\(options\.loop\): .*got NaN \(number\)$/ },
  { call: "createTask(g, { loop: {} })", run: () => createTask(body, { loop: {} as never }), error: TypeError, message: /^createTask\(options\.loop\): .*got Object \(object\)$/ },
  { call: "createTask(g, 42)", run: () => createTask(body, 42 as never), error: TypeError, message: /^createTask\(options\): expected \{ name\?, loop\?, eagerStart\?, context\? \}, got 42 \(number\)$/ },
  { call: "createTask(g, null)", run: () => createTask(body, null as never), error: TypeError, message: /^createTask\(options\): .*got null$/ },
  { call: "createTask(g) with no running loop", run: () => createTask(body), error: Error, message: /^no running event loop$/ },
  { call: "createTask(g, { loop: closedLoop })", run: () => createTask(body, { loop: closed }), error: Error, message: /^Event loop is closed$/ },
  // ensureFuture(x, options?)
  { call: "ensureFuture(42, { loop })", run: () => ensureFuture(42 as never, { loop }), error: TypeError, message: /^ensureFuture\(x\): an awaitable .* is required, got 42 \(number\)$/ },
  { call: "ensureFuture(null, { loop })", run: () => ensureFuture(null as never, { loop }), error: TypeError, message: /^ensureFuture\(x\): .*got null$/ },
  { call: "ensureFuture(g, 42)", run: () => ensureFuture(body, 42 as never), error: TypeError, message: /^ensureFuture\(options\): expected \{ loop\? \}, got 42 \(number\)$/ },
  { call: "ensureFuture(g, { loop: 42 })", run: () => ensureFuture(body, { loop: 42 as never }), error: TypeError, message: /^ensureFuture\(options\.loop\): expected an EventLoop, got 42 \(number\)$/ },
  { call: "ensureFuture(a future of loop A, { loop: B })", run: () => ensureFuture(new Future({ loop }), { loop: other }), error: RangeError, message: /^ensureFuture\(x\): the future belongs to a different loop/ },
  { call: "ensureFuture(g) with no running loop", run: () => ensureFuture(body), error: Error, message: /^no running event loop$/ },
  // eagerTaskFactory(loop, coro, options?)
  { call: "eagerTaskFactory(42, g) (was an engine message)", run: () => eagerTaskFactory(42 as never, body), error: TypeError, message: /^eagerTaskFactory\(loop\): expected an EventLoop, got 42 \(number\)$/ },
  { call: "eagerTaskFactory(null, g)", run: () => eagerTaskFactory(null as never, body), error: TypeError, message: /^eagerTaskFactory\(loop\): .*got null$/ },
  { call: "eagerTaskFactory(loop, g, 42)", run: () => eagerTaskFactory(loop, body, 42 as never), error: TypeError, message: /^eagerTaskFactory\(options\): expected \{ name\?, eagerStart\?, context\? \}, got 42 \(number\)$/ },
  { call: "eagerTaskFactory(loop, 42)", run: () => eagerTaskFactory(loop, 42 as never), error: TypeError, message: /^Task\(coro\): a coroutine was expected, got 42 \(number\)$/ },
  { call: "eagerTaskFactory(closedLoop, g)", run: () => eagerTaskFactory(closed, body), error: Error, message: /^Event loop is closed$/ },
  // currentTask(loop?), allTasks(loop?), _pendingTasksOf(loop)
  { call: "currentTask(42)", run: () => currentTask(42 as never), error: TypeError, message: /^currentTask\(loop\): expected an EventLoop, got 42 \(number\)$/ },
  { call: "currentTask({})", run: () => currentTask({} as never), error: TypeError, message: /^currentTask\(loop\): .*got Object \(object\)$/ },
  { call: "currentTask() with no running loop", run: () => currentTask(), error: Error, message: /^no running event loop$/ },
  { call: 'allTasks(42) (was "Invalid value used as weak map key")', run: () => allTasks(42 as never), error: TypeError, message: /^allTasks\(loop\): expected an EventLoop, got 42 \(number\)$/ },
  { call: 'allTasks("x")', run: () => allTasks("x" as never), error: TypeError, message: /^allTasks\(loop\): .*got "x" \(string\)$/ },
  { call: "allTasks(Object.create(null))", run: () => allTasks(noProto as never), error: TypeError, message: /^allTasks\(loop\): .*got Object \(object\)$/ },
  { call: "allTasks() with no running loop", run: () => allTasks(), error: Error, message: /^no running event loop$/ },
  { call: "_pendingTasksOf(42)", run: () => _pendingTasksOf(42 as never), error: TypeError, message: /^_pendingTasksOf\(loop\): expected an EventLoop, got 42 \(number\)$/ },
  // Task methods
  { call: 'task.getStack("3")', run: () => task().getStack("3" as never), error: TypeError, message: /^Task\.getStack\(limit\): expected a number of lines, null or undefined, got "3" \(string\)$/ },
  { call: "task.getStack(NaN)", run: () => task().getStack(NaN), error: RangeError, message: /^Task\.getStack\(limit\): expected a number of lines, got NaN$/ },
  { call: "task.setResult(1)", run: () => task().setResult(1), error: Error, message: /^Task does not support setResult operation$/ },
  { call: "task.setException(e)", run: () => task().setException(new Error("x")), error: Error, message: /^Task does not support setException operation$/ },
  { call: "task.addDoneCallback(42)", run: () => task().addDoneCallback(42 as never), error: TypeError, message: /^Future\.addDoneCallback\(fn\): expected a function, got 42 \(number\)$/ },
  { call: "task.result() while pending", run: () => task().result(), error: InvalidStateError, message: /^Result is not ready\.$/ },
  // for the @aio packages
  { call: "_drive(42)", run: () => _drive(42 as never), error: TypeError, message: /^_drive\(gen\): expected a generator \(an object with next and throw methods\), got 42 \(number\)$/ },
  { call: "_drive({ next() {} }) (no throw)", run: () => _drive({ next() {} } as never), error: TypeError, message: /^_drive\(gen\): .*got Object \(object\)$/ },
  { call: "_drive(a generator function instead of its generator)", run: () => _drive(body as never), error: TypeError, message: /^_drive\(gen\): .*got body \(function\)$/ },
  { call: "_thenable(42)", run: () => _thenable(42 as never), error: TypeError, message: /^_thenable\(fn\): expected a generator function, got 42 \(number\)$/ },
  { call: "_thenable(an arrow function, which has no prototype)", run: () => _thenable((() => {}) as never), error: TypeError, message: /^_thenable\(fn\): .*\(function\)$/ },
  { call: "_nextIteration(42)", run: () => _nextIteration(42 as never), error: TypeError, message: /^_nextIteration\(loop\): expected an EventLoop, got 42 \(number\)$/ },
  { call: "_nextIteration(null)", run: () => _nextIteration(null as never), error: TypeError, message: /^_nextIteration\(loop\): .*got null$/ },
  { call: "_nextIteration(closedLoop)", run: () => _nextIteration(closed), error: Error, message: /^Event loop is closed$/ },
];

/** How a task ended: its result, "cancelled: <message of the CancelledError>", or "failed: Name: message". */
async function ending(t: Task<unknown>): Promise<string> {
  try {
    return `result: ${String(await t)}`;
  } catch (e) {
    const err = e as Error;
    return t.cancelled() ? `cancelled: ${err.message}` : `failed: ${err.name}: ${err.message}`;
  }
}

/**
 * Runs a task that sleeps, cancels it with `msg` after a second, and says how it ended, as its
 * first reader (`runUntilComplete`) sees it: later readers get a plain CancelledError, as in CPython.
 */
async function cancelledWith(msg: unknown, style: "generator" | "async"): Promise<string> {
  const l = new TestLoop();
  const t =
    style === "generator"
      ? new Task(function* () {
          yield* sleep(10);
        }, { loop: l })
      : new Task(async () => {
          await sleep(10);
        }, { loop: l });
  void t.signal; // the signal is aborted with the same CancelledError
  l.callLater(1, () => t.cancel(msg as string));
  let out: string;
  try {
    out = `result: ${String(await l.runUntilComplete(t))}`;
  } catch (e) {
    out = t.cancelled() && e instanceof CancelledError ? `cancelled: ${e.message}` : `failed: ${String(e)}`;
  }
  expect((t.signal.reason as Error).message).toBe(out.replace(/^cancelled: /, ""));
  l.close();
  return out;
}

/** Runs `fn` inside a task on a running loop (eager starts need one). */
async function inTask(fn: () => void): Promise<void> {
  const l = new TestLoop();
  await l.runUntilComplete(function* () {
    fn();
  });
  l.close();
}

/** How a task ends whose coroutine yields `value` (bad yields fail it with an error thrown in). */
async function afterYielding(value: unknown): Promise<string> {
  const l = new TestLoop();
  const t = new Task(function* () {
    yield value;
  }, { loop: l });
  try {
    await l.runUntilComplete(t);
  } catch {
    // read below
  }
  l.close();
  return ending(t);
}

const accepted: Accepted[] = [
  // cancel(msg): CPython takes any object; the task is cancelled and the message readable
  { call: 'task.cancel(Symbol("why")) cancels a generator task (it used to fail it with a TypeError)', run: async () => expect(await cancelledWith(Symbol("why"), "generator")).toBe("cancelled: Symbol(why)") },
  { call: 'task.cancel(Symbol("why")) cancels an async-function task', run: async () => expect(await cancelledWith(Symbol("why"), "async")).toBe("cancelled: Symbol(why)") },
  { call: 'task.cancel(42) cancels with the message "42"', run: async () => expect(await cancelledWith(42, "generator")).toBe("cancelled: 42") },
  { call: "task.cancel(Object.create(null)) cancels, without throwing", run: async () => expect(await cancelledWith(noProto, "async")).toBe("cancelled: Object (object)") },
  { call: "task.cancel(null) cancels with no message", run: async () => expect(await cancelledWith(null, "generator")).toBe("cancelled: ") },
  { call: 'task.cancel(Symbol("why")) before the first step', run: () => { const t = task(); expect(t.cancel(Symbol("why") as never)).toBe(true); expect(t.cancelling()).toBe(1); } },
  // names: CPython's str(name)
  { call: 'task.setName(Symbol("n")) names it "Symbol(n)"', run: () => { const t = task(); t.setName(Symbol("n") as never); expect(t.getName()).toBe("Symbol(n)"); } },
  { call: 'task.setName(42) names it "42"', run: () => { const t = task(); t.setName(42 as never); expect(t.getName()).toBe("42"); } },
  { call: "task.setName(Object.create(null)) does not throw", run: () => { const t = task(); t.setName(noProto as never); expect(t.getName()).toBe("Object (object)"); } },
  { call: "new Task(g, { name: null }) gets a Task-<n> name, as CPython's name=None", run: () => expect(new Task(body, { loop, name: null as never }).getName()).toMatch(/^Task-\d+$/) },
  { call: "new Task(g, { loop: null }) uses getEventLoop(), as CPython's loop=None", run: () => { setEventLoop(loop); expect(new Task(body, { loop: null as never }).getLoop()).toBe(loop); } },
  { call: "createTask(g, { eagerStart: 1 }) starts eagerly (truthy, as CPython's eager_start)", run: () => inTask(() => expect(createTask(body, { eagerStart: 1 as never }).done()).toBe(true)) },
  { call: "createTask(g, { eagerStart: 0 }) does not", run: () => inTask(() => expect(createTask(body, { eagerStart: 0 as never }).done()).toBe(false)) },
  // getStack(limit): CPython's limit semantics
  { call: "task.getStack(-1) and getStack(0) give no lines", run: () => { expect(task().getStack(-1)).toEqual([]); expect(task().getStack(0)).toEqual([]); } },
  { call: "task.getStack(Infinity), getStack(null) and getStack() give every line", run: () => { const t = task(); expect(t.getStack(Infinity)).toEqual(t.getStack()); expect(t.getStack(null)).toEqual(t.getStack()); } },
  { call: "task.uncancel() with nothing to withdraw stays at 0", run: () => expect(task().uncancel()).toBe(0) },
  // the loop argument: null means "the running loop"
  { call: "createTask(g, { loop: null }) uses the running loop", run: () => inLoop(() => expect(createTask(body, { loop: null as never }).getLoop()).toBe(loop)) },
  { call: "currentTask(null) and allTasks(null) use the running loop", run: () => inLoop(() => { expect(currentTask(null)).toBeNull(); expect(allTasks(null)).toBeInstanceOf(Set); }) },
  { call: "currentTask(anotherLoop) is null, allTasks(aLoopWithNoTasks) is empty", run: () => { expect(currentTask(other)).toBeNull(); expect(allTasks(new TestLoop()).size).toBe(0); } },
  { call: "ensureFuture(fut, { loop: itsLoop }) returns fut", run: () => { const f = new Future({ loop }); expect(ensureFuture(f, { loop })).toBe(f); } },
  { call: "_asAwaitable(x) returns x (a type cast)", run: () => { const g = body(); expect(_asAwaitable(g)).toBe(g); } },
  // misuse inside a coroutine: CPython throws it into the coroutine, so the task fails with it
  { call: "a coroutine yielding 42 fails with TypeError: Task got bad yield", run: async () => expect(await afterYielding(42)).toBe("failed: TypeError: Task got bad yield: 42 (number)") },
  { call: 'a coroutine yielding "x" fails with TypeError: Task got bad yield', run: async () => expect(await afterYielding("x")).toBe('failed: TypeError: Task got bad yield: "x" (string)') },
  { call: "a coroutine yielding a generator fails: yield was used instead of yield*", run: async () => expect(await afterYielding(body())).toMatch(/^failed: TypeError: yield was used instead of yield\* for generator/) },
];

describe("@aio/task: bad input is refused at the call", () => {
  it.each(refused)("$call", ({ run, error, message }) => {
    const e = errorOf(run);
    expect(e.constructor).toBe(error);
    expect(e.message).toMatch(message);
  });
});

describe("@aio/task: accepted input keeps working", () => {
  it.each(accepted)("$call", async ({ run }) => {
    await run();
  });
});

describe("awaiting a future of another loop", () => {
  it("fails the generator task with Error(... attached to a different loop)", async () => {
    const l = new TestLoop();
    const foreign = new Future({ loop: other });
    const t = new Task(function* () {
      yield* foreign;
    }, { loop: l });
    await expect(l.runUntilComplete(t)).rejects.toThrow(/got Future <Future pending> attached to a different loop/);
    l.close();
  });
});
