// Every public function and constructor of the package, called with what it must refuse: wrong
// types, NaN, ±Infinity, negative numbers, wrong objects, and misuse (after shutdown, on a broken
// pool, on something that is not the object). Each must throw at the call, synchronously, with the
// right class and a message that starts by naming the function and the argument, never fail later.
import { InvalidStateError, setEventLoop } from "@aio/core";
import { TestLoop } from "@aio/loop";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  ConcurrentFuture,
  PoolExecutor,
  ProcessPoolExecutor,
  ThreadPoolExecutor,
  fromModule,
  jobSignal,
  toThread,
  wrapFuture,
  type PoolExecutorOptions,
} from "../src/index.js";
import { processes, threads, type Pool, type PoolKind } from "./helpers.js";

type ErrorClass = new (...args: never[]) => Error;

interface Row {
  /** The call, as a user would write it (the test's title). */
  readonly what: string;
  readonly call: () => unknown;
  readonly error: ErrorClass;
  /** What the message must start with: the function and the argument, e.g. `ThreadPoolExecutor(maxWorkers): `. */
  readonly names: string;
}

const NOT_THROWN = Symbol("not thrown");

/** What `call` throws synchronously; a returned promise (even a rejected one) counts as not throwing. */
function thrownBy(call: () => unknown): unknown {
  try {
    const value = call();
    if (value instanceof Promise) value.catch(() => {});
    return NOT_THROWN;
  } catch (error) {
    return error;
  }
}

function check(row: Row): void {
  const error = thrownBy(row.call);
  expect(error, `${row.what} did not throw`).not.toBe(NOT_THROWN);
  expect(error, `${row.what} threw ${String(error)}`).toBeInstanceOf(row.error);
  expect((error as Error).message.startsWith(row.names), `${row.what}: "${(error as Error).message}" does not start with "${row.names}"`).toBe(true);
}

const any = <T>(x: unknown): T => x as T;

// Values of the wrong type, and numbers out of range, shared by the rows below.
const NOT_NUMBERS: readonly [string, unknown][] = [
  ['"2"', "2"], ["true", true], ["{}", {}], ["[]", []], ["2n", 2n], ["Symbol()", Symbol("s")], ["() => 2", () => 2],
];
const BAD_COUNTS: readonly [string, unknown][] = [
  ["0", 0], ["-1", -1], ["-0", -0], ["1.5", 1.5], ["NaN", NaN], ["Infinity", Infinity], ["-Infinity", -Infinity], ["2 ** 53", 2 ** 53],
];
const BAD_SECONDS: readonly [string, unknown][] = [
  ["-1", -1], ["-0.001", -0.001], ["NaN", NaN], ["Infinity", Infinity], ["-Infinity", -Infinity], ["1e10", 1e10],
];
const NOT_OBJECTS: readonly [string, unknown][] = [["42", 42], ["null", null], ['"x"', "x"], ["[]", []], ["NaN", NaN], ["Symbol()", Symbol("s")]];
const NOT_ITERABLES: readonly [string, unknown][] = [
  ["42", 42], ["null", null], ["undefined", undefined], ["{}", {}], ["NaN", NaN], ["-Infinity", -Infinity], ["Symbol()", Symbol("s")],
];

const jobs = new URL("./fixtures/jobs.mjs", import.meta.url);
const outer = 3;
const closure = (x: number) => x * outer;
const getter = Object.getOwnPropertyDescriptor({ get size() { return 1; } }, "size")!.get!;
const NOT_JOBS: readonly [string, unknown][] = [
  ["42", 42], ["null", null], ["undefined", undefined], ['"() => 1"', "() => 1"], ["{}", {}], ["NaN", NaN],
  ["Symbol()", Symbol("s")], ["Math.max", Math.max], ["class {}", class {}], ["a bound function", function f() {}.bind(null)],
  ["a closure", closure], ["a getter", getter],
];

// Pools in the states the misuse rows need, made once for all rows.
const made: Record<string, { fresh: Pool; closed: Pool; broken: Pool }> = {};
const loops: TestLoop[] = [];
beforeAll(async () => {
  for (const kind of [threads, processes]) {
    const Ctor = kind.name === "ThreadPoolExecutor" ? ThreadPoolExecutor : ProcessPoolExecutor;
    const closed = new Ctor({ maxWorkers: 1 });
    await closed.shutdown();
    const broken = new Ctor({ maxWorkers: 1 });
    await broken.submit(() => process.exit(3)).then(null, () => {});
    made[kind.name] = { fresh: new Ctor({ maxWorkers: 1 }), closed, broken };
  }
});
afterAll(async () => {
  for (const { fresh, closed, broken } of Object.values(made)) await Promise.all([fresh, closed, broken].map((p) => p.shutdown()));
  for (const loop of loops) if (!loop.isClosed()) loop.close();
  setEventLoop(null);
});

function poolRows(kind: PoolKind): Row[] {
  const K = kind.name;
  const Ctor = (K === "ThreadPoolExecutor" ? ThreadPoolExecutor : ProcessPoolExecutor) as new (options?: PoolExecutorOptions) => Pool;
  const fresh = () => made[K]!.fresh;
  const closed = () => made[K]!.closed;
  const broken = () => made[K]!.broken;
  const rows: Row[] = [];
  const add = (what: string, call: () => unknown, error: ErrorClass, names: string) => rows.push({ what, call, error, names });

  // new K(options)
  add(`${K}() without new`, () => any<() => unknown>(Ctor)(), TypeError, `Class constructor ${K}`);
  for (const [label, value] of NOT_OBJECTS) add(`new ${K}(${label})`, () => new Ctor(any(value)), TypeError, `${K}(options): `);
  add(`new ${K}({ max_workers: 2 })`, () => new Ctor(any({ max_workers: 2 })), TypeError, `${K}(options): unknown option "max_workers"`);
  for (const [label, value] of BAD_COUNTS) add(`new ${K}({ maxWorkers: ${label} })`, () => new Ctor({ maxWorkers: any(value) }), RangeError, `${K}(maxWorkers): `);
  for (const [label, value] of NOT_NUMBERS) add(`new ${K}({ maxWorkers: ${label} })`, () => new Ctor({ maxWorkers: any(value) }), TypeError, `${K}(maxWorkers): `);
  for (const [label, value] of BAD_SECONDS) {
    add(`new ${K}({ cancelGracePeriod: ${label} })`, () => new Ctor({ cancelGracePeriod: any(value) }), RangeError, `${K}(cancelGracePeriod): `);
  }
  for (const [label, value] of NOT_NUMBERS) {
    add(`new ${K}({ cancelGracePeriod: ${label} })`, () => new Ctor({ cancelGracePeriod: any(value) }), TypeError, `${K}(cancelGracePeriod): `);
  }

  // submit(fn, ...args) and map(fn, ...iterables)
  for (const [label, value] of NOT_JOBS) {
    add(`${K}.submit(${label})`, () => fresh().submit(any(value)), TypeError, `${K}.submit(fn): `);
    add(`${K}.map(${label}, [1])`, () => fresh().map(any<(x: number) => number>(value), [1]), TypeError, `${K}.map(fn): `);
  }
  add(`${K}.map(a closure) with nothing to map`, () => fresh().map(any<() => number>(closure)), TypeError, `${K}.map(fn): `);
  for (const [label, value] of NOT_ITERABLES) {
    add(`${K}.map(fn, ${label})`, () => fresh().map((x: number) => x, any(value)), TypeError, `${K}.map(fn, ...iterables): iterables[0] is not iterable`);
    add(`${K}.map(fn, [1], ${label})`, () => fresh().map((x: number, y: number) => x + y, [1], any(value)), TypeError, `${K}.map(fn, ...iterables): iterables[1] is not iterable`);
  }

  // shutdown(options)
  for (const [label, value] of NOT_OBJECTS) add(`${K}.shutdown(${label})`, () => fresh().shutdown(any(value)), TypeError, `${K}.shutdown(options): `);
  add(`${K}.shutdown({ wiat: true })`, () => fresh().shutdown(any({ wiat: true })), TypeError, `${K}.shutdown(options): unknown option "wiat"`);
  for (const [label, value] of [...NOT_NUMBERS.filter(([l]) => l !== "true"), ["null", null], ["1", 1], ["NaN", NaN]] as const) {
    add(`${K}.shutdown({ wait: ${label} })`, () => fresh().shutdown({ wait: any(value) }), TypeError, `${K}.shutdown(wait): `);
    add(`${K}.shutdown({ cancelFutures: ${label} })`, () => fresh().shutdown({ cancelFutures: any(value) }), TypeError, `${K}.shutdown(cancelFutures): `);
  }

  // Methods called on something that is not a pool.
  const { submit, map, shutdown, start } = Ctor.prototype;
  add(`const { submit } = pool; submit(fn)`, () => submit.call(undefined, () => 1), TypeError, "PoolExecutor.submit: ");
  add(`pool.map.call({}, fn, [1])`, () => map.call({}, (x: number) => x, [1]), TypeError, "PoolExecutor.map: ");
  add(`pool.shutdown.call(42)`, () => shutdown.call(42), TypeError, "PoolExecutor.shutdown: ");
  add(`pool.start.call(null)`, () => start.call(null), TypeError, "PoolExecutor.start: ");
  add(`the maxWorkers getter on {}`, () => Object.getOwnPropertyDescriptor(PoolExecutor.prototype, "maxWorkers")!.get!.call({}), TypeError, "PoolExecutor.maxWorkers: ");

  // After shutdown, and on a broken pool: submit, map and start refuse at once (start does not return a rejected promise).
  add(`${K}.submit(fn) after shutdown`, () => closed().submit(() => 1), Error, `cannot schedule new futures after shutdown (${K}.submit())`);
  add(`${K}.map(fn, []) after shutdown`, () => closed().map((x: number) => x, []), Error, `cannot schedule new futures after shutdown (${K}.map())`);
  add(`${K}.start() after shutdown`, () => closed().start(), Error, `cannot start workers after shutdown (${K}.start())`);
  for (const [what, call] of [["submit", () => broken().submit(() => 1)], ["map", () => broken().map((x: number) => x, [1])], ["start", () => broken().start()]] as const) {
    add(`${K}.${what}() on a broken pool`, call, kind.Broken, "A ");
  }
  return rows;
}

function otherRows(): Row[] {
  const rows: Row[] = [];
  const add = (what: string, call: () => unknown, error: ErrorClass, names: string) => rows.push({ what, call, error, names });

  // PoolExecutor is abstract.
  class Mine extends PoolExecutor {
    constructor(name: string) {
      super(any(name), {});
    }
  }
  add('a PoolExecutor subclass passing "Nope"', () => new Mine("Nope"), TypeError, "PoolExecutor(name): ");
  add('a PoolExecutor subclass passing "toString"', () => new Mine("toString"), TypeError, "PoolExecutor(name): ");

  // toThread(fn, ...args)
  for (const [label, value] of NOT_JOBS.slice(0, 7)) add(`toThread(${label})`, () => toThread(any(value)), TypeError, "toThread(fn): ");
  add("toThread(fn) outside a running loop", () => toThread(() => 1), Error, "toThread(fn): no running event loop");

  // wrapFuture(future, options)
  const loop = new TestLoop();
  loops.push(loop);
  const closedLoop = new TestLoop();
  closedLoop.close();
  for (const [label, value] of [...NOT_OBJECTS, ["undefined", undefined], ["{}", {}], ["a promise", Promise.resolve(1)]] as const) {
    add(`wrapFuture(${label})`, () => wrapFuture(any<ConcurrentFuture<unknown>>(value), { loop }), TypeError, "wrapFuture(future): ");
  }
  for (const [label, value] of NOT_OBJECTS) add(`wrapFuture(cf, ${label})`, () => wrapFuture(new ConcurrentFuture(), any(value)), TypeError, "wrapFuture(options): ");
  add("wrapFuture(cf, { lopo: loop })", () => wrapFuture(new ConcurrentFuture(), any({ lopo: loop })), TypeError, 'wrapFuture(options): unknown option "lopo"');
  for (const [label, value] of [["42", 42], ['"loop"', "loop"], ["{}", {}], ["NaN", NaN], ["-1", -1], ["a Promise", Promise.resolve()]] as const) {
    add(`wrapFuture(cf, { loop: ${label} })`, () => wrapFuture(new ConcurrentFuture(), { loop: any(value) }), TypeError, "wrapFuture(options.loop): ");
  }
  add("wrapFuture(cf, { loop: closedLoop })", () => wrapFuture(new ConcurrentFuture(), { loop: closedLoop }), Error, "wrapFuture(options.loop): the event loop is closed");
  add("wrapFuture(cf) with no current loop", () => {
    setEventLoop(null);
    return wrapFuture(new ConcurrentFuture());
  }, Error, "wrapFuture(options.loop): no loop was given");

  // fromModule(url, exportName)
  for (const [label, value] of [...NOT_OBJECTS.filter(([l]) => l !== '"x"'), ["undefined", undefined], ["{}", {}], ['""', ""]] as const) {
    add(`fromModule(${label})`, () => fromModule(any(value)), TypeError, "fromModule(url): ");
  }
  add('fromModule("lodash")', () => fromModule("lodash"), TypeError, "fromModule(url): ");
  add('fromModule("https://example.com/jobs.mjs")', () => fromModule("https://example.com/jobs.mjs"), TypeError, "fromModule(url): ");
  add('fromModule(new URL("http://example.com/jobs.mjs"))', () => fromModule(new URL("http://example.com/jobs.mjs")), TypeError, "fromModule(url): ");
  for (const [label, value] of [["42", 42], ["null", null], ['""', ""], ["Symbol()", Symbol("s")], ["NaN", NaN], ["{}", {}]] as const) {
    add(`fromModule(url, ${label})`, () => fromModule(jobs, any(value)), TypeError, "fromModule(exportName): ");
  }

  // ConcurrentFuture
  for (const [label, value] of [["42", 42], ["null", null], ["undefined", undefined], ["{}", {}], ['"fn"', "fn"]] as const) {
    add(`cf.addDoneCallback(${label})`, () => new ConcurrentFuture().addDoneCallback(any(value)), TypeError, "ConcurrentFuture.addDoneCallback(fn): ");
    const done = new ConcurrentFuture();
    done.setResult(1);
    add(`cf.addDoneCallback(${label}) on a done future`, () => done.addDoneCallback(any(value)), TypeError, "ConcurrentFuture.addDoneCallback(fn): ");
  }
  add("cf.setException(undefined)", () => new ConcurrentFuture().setException(undefined), TypeError, "ConcurrentFuture.setException(error): ");
  add("cf.setException(null)", () => new ConcurrentFuture().setException(null), TypeError, "ConcurrentFuture.setException(error): ");
  const proto = ConcurrentFuture.prototype;
  for (const method of ["cancel", "abort", "cancelled", "running", "done", "result", "exception", "setRunningOrNotifyCancel", "setResult", "setException", "then"] as const) {
    add(`ConcurrentFuture.prototype.${method}.call({})`, () => any<(...a: unknown[]) => unknown>(proto[method]).call({}, new Error("x")), TypeError, `ConcurrentFuture.${method}(): `);
  }
  add("const { result } = cf; result()", () => any<() => unknown>(new ConcurrentFuture().result)(), TypeError, "ConcurrentFuture.result(): ");
  add("cf.addDoneCallback.call(undefined, fn)", () => proto.addDoneCallback.call(undefined as never, () => {}), TypeError, "ConcurrentFuture.addDoneCallback(): ");
  add("cf.result() while pending", () => new ConcurrentFuture().result(), InvalidStateError, "result() ");
  add("cf.exception() while pending", () => new ConcurrentFuture().exception(), InvalidStateError, "exception() ");
  const finished = new ConcurrentFuture<number>();
  finished.setResult(1);
  add("cf.setResult() on a done future", () => finished.setResult(2), InvalidStateError, "setResult(): ");
  add("cf.setException() on a done future", () => finished.setException(new Error("x")), InvalidStateError, "setException(): ");
  add("cf.setRunningOrNotifyCancel() on a done future", () => finished.setRunningOrNotifyCancel(), Error, "ConcurrentFuture.setRunningOrNotifyCancel(): ");

  // jobSignal()
  add("jobSignal() outside a job", () => jobSignal(), Error, "jobSignal(): ");
  return rows;
}

describe.each([threads, processes])("$name refuses at the call", (kind) => {
  it.each(poolRows(kind).map((row) => [row.what, row] as const))("%s", (_what, row) => check(row));
});

describe("the other functions refuse at the call", () => {
  it.each(otherRows().map((row) => [row.what, row] as const))("%s", (_what, row) => check(row));
});

describe("what the functions accept instead", () => {
  it("maxWorkers and cancelGracePeriod null mean the default (Python's None), and so does undefined", async () => {
    expect(new ThreadPoolExecutor({ maxWorkers: null }).maxWorkers).toBe(new ThreadPoolExecutor().maxWorkers);
    expect(new ProcessPoolExecutor({ maxWorkers: null, cancelGracePeriod: null }).maxWorkers).toBe(new ProcessPoolExecutor({}).maxWorkers);
    expect(new ThreadPoolExecutor(undefined).maxWorkers).toBe(new ThreadPoolExecutor({ maxWorkers: undefined }).maxWorkers);
    const pool = threads.create({ maxWorkers: 1, cancelGracePeriod: 0 });
    await expect(pool.submit(() => 1)).resolves.toBe(1);
    await expect(pool.shutdown(undefined)).resolves.toBeUndefined();
    await expect(pool.shutdown({ wait: undefined, cancelFutures: undefined })).resolves.toBeUndefined();
  });

  it("map() takes any iterables, strings and generators too, and nothing at all", async () => {
    const pool = threads.create({ maxWorkers: 1 });
    const out: string[] = [];
    function* twice(): Generator<number> {
      yield 2;
      yield 2;
    }
    for await (const s of pool.map((c: string, n: number) => c.repeat(n), "ab", twice())) out.push(s);
    expect(out).toEqual(["aa", "bb"]);
    expect(await pool.map(any<() => number>((x: number) => x)).next()).toEqual({ done: true, value: undefined });
  });

  it("wrapFuture() takes { loop: null } for the current loop, and fromModule() an undefined export name for default", () => {
    const loop = new TestLoop();
    loops.push(loop);
    setEventLoop(loop);
    expect(wrapFuture(new ConcurrentFuture(), { loop: null }).getLoop()).toBe(loop);
    expect(wrapFuture(new ConcurrentFuture(), {}).getLoop()).toBe(loop);
    expect(fromModule(jobs, undefined).exportName).toBe("default");
    expect(fromModule(`data:text/javascript,export default () => 1`).moduleUrl).toMatch(/^data:/);
    expect(fromModule("node:os", "cpus").moduleUrl).toBe("node:os");
    setEventLoop(null);
  });
});
