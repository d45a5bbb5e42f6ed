// Bad input, table by table: every public function, method and constructor of @aio/loop given
// wrong types, NaN, ±Infinity, objects that are not what it wants, and misuse (closed loop, running
// loop, foreign loop). A refused call fails where it is made — synchronously, or, for the methods
// that return a Promise (`runForever`, `runUntilComplete`, `run`, `Runner.run`), as a rejection —
// with the exact error class and a message that names the function and the argument (never an
// engine message). Where CPython accepts something, it is still accepted, and the row says what it does.
import { afterEach, describe, expect, it } from "vitest";
import { _getRunningLoop, _setRunningLoop, setEventLoop, type Coroutine } from "@aio/core";
import { Future } from "@aio/future";
import {
  EventLoop,
  ManualHost,
  MessageChannelHost,
  NodeHost,
  Runner,
  TestLoop,
  VirtualClock,
  monotonicClock,
  run,
  type Host,
} from "@aio/loop";
import { checkClock, checkContext, checkRequest, isThenable } from "../src/validate.js";
import { TinyExecutor } from "./executor-fixtures.js";
import { captureConsole, macrotask, sleep } from "./helpers.js";
import { errorOf, rejectionOf, type ErrorClass, type Refused, type Accepted } from "../../../tooling/config/bad-input.js";

const cb = (): void => {};
// eslint-disable-next-line require-yield
function* main(): Coroutine<number> {
  return 1;
}
const noProto = Object.create(null) as object;
const clockWith = (resolution: unknown): object => ({ now: () => 0, resolution });
const closedLoop = (): TestLoop => {
  const loop = new TestLoop();
  loop.close();
  return loop;
};
const testLoop = (): TestLoop => new TestLoop();
const quiet = { loopFactory: testLoop };

afterEach(() => {
  setEventLoop(null);
  _setRunningLoop(null);
});

const refused: Refused[] = [
  // new EventLoop(options?)
  { call: "new EventLoop(42)", run: () => new EventLoop(42 as never), error: TypeError, message: /^EventLoop\(options\): expected \{ clock\?, host\?, debug\? \}, got 42 \(number\)$/ },
  { call: "new EventLoop(null)", run: () => new EventLoop(null as never), error: TypeError, message: /^EventLoop\(options\): .*got null$/ },
  { call: "new EventLoop({ clock: 42 }) (was an engine message)", run: () => new EventLoop({ clock: 42 as never }), error: TypeError, message: /^EventLoop\(options\.clock\): expected a Clock \(an object with now\(\) and a resolution in seconds\), got 42 \(number\)$/ },
  { call: "new EventLoop({ clock: {} })", run: () => new EventLoop({ clock: {} as never }), error: TypeError, message: /^EventLoop\(options\.clock\): .*got Object \(object\)$/ },
  { call: "new EventLoop({ clock: { now: 0, resolution: 0 } })", run: () => new EventLoop({ clock: { now: 0, resolution: 0 } as never }), error: TypeError, message: /^EventLoop\(options\.clock\): expected a Clock/ },
  { call: "new EventLoop({ clock: performance.now }) (a function, not a clock)", run: () => new EventLoop({ clock: performance.now as never }), error: TypeError, message: /^EventLoop\(options\.clock\): .*\(function\)$/ },
  { call: "new EventLoop({ clock: { now } }) (no resolution)", run: () => new EventLoop({ clock: { now: () => 0 } as never }), error: TypeError, message: /^EventLoop\(options\.clock\.resolution\): expected a finite number of seconds >= 0, got undefined$/ },
  { call: 'new EventLoop({ clock: { now, resolution: "0" } })', run: () => new EventLoop({ clock: clockWith("0") as never }), error: TypeError, message: /^EventLoop\(options\.clock\.resolution\): .*got "0" \(string\)$/ },
  { call: "new EventLoop({ clock: { now, resolution: NaN } })", run: () => new EventLoop({ clock: clockWith(NaN) as never }), error: RangeError, message: /^EventLoop\(options\.clock\.resolution\): expected a finite number of seconds >= 0, got NaN$/ },
  { call: "new EventLoop({ clock: { now, resolution: -1 } })", run: () => new EventLoop({ clock: clockWith(-1) as never }), error: RangeError, message: /^EventLoop\(options\.clock\.resolution\): .*got -1$/ },
  { call: "new EventLoop({ clock: { now, resolution: Infinity } })", run: () => new EventLoop({ clock: clockWith(Infinity) as never }), error: RangeError, message: /^EventLoop\(options\.clock\.resolution\): .*got Infinity$/ },
  { call: "new EventLoop({ host: 42 }) (was accepted; the first run then stuck the loop)", run: () => new EventLoop({ host: 42 as never }), error: TypeError, message: /^EventLoop\(options\.host\): expected a Host \(an object with request\(tick, delay\) and cancel\(\)\), got 42 \(number\)$/ },
  { call: "new EventLoop({ host: {} })", run: () => new EventLoop({ host: {} as never }), error: TypeError, message: /^EventLoop\(options\.host\): .*got Object \(object\)$/ },
  { call: "new EventLoop({ host: { request } }) (no cancel)", run: () => new EventLoop({ host: { request() {} } as never }), error: TypeError, message: /^EventLoop\(options\.host\): expected a Host/ },
  { call: "new EventLoop({ host: { cancel } }) (no request())", run: () => new EventLoop({ host: { request: 1, cancel() {} } as never }), error: TypeError, message: /^EventLoop\(options\.host\): expected a Host \(an object with request\(tick, delay\) and cancel\(\)\), got Object \(object\)$/ },
  { call: "new EventLoop({ host: Object.create(null) })", run: () => new EventLoop({ host: noProto as never }), error: TypeError, message: /^EventLoop\(options\.host\): .*got Object \(object\)$/ },
  // new TestLoop(options?)
  { call: "new TestLoop(42)", run: () => new TestLoop(42 as never), error: TypeError, message: /^TestLoop\(options\): expected \{ autojump\?, debug\? \}, got 42 \(number\)$/ },
  { call: "new TestLoop(null) (was an engine message)", run: () => new TestLoop(null as never), error: TypeError, message: /^TestLoop\(options\): .*got null$/ },
  // scheduling
  { call: "loop.callSoon(42)", run: () => testLoop().callSoon(42 as never), error: TypeError, message: /^callSoon\(callback\): a callable object was expected, got 42 \(number\)$/ },
  { call: "loop.callSoon(null)", run: () => testLoop().callSoon(null as never), error: TypeError, message: /^callSoon\(callback\): .*got null$/ },
  { call: "loop.callSoon(undefined)", run: () => testLoop().callSoon(undefined as never), error: TypeError, message: /^callSoon\(callback\): a callable object was expected, got undefined$/ },
  { call: "loop.callLater(1, 5)", run: () => testLoop().callLater(1, 5 as never), error: TypeError, message: /^callLater\(callback\): a callable object was expected, got 5 \(number\)$/ },
  { call: "loop.callSoon(a coroutine)", run: () => testLoop().callSoon(main() as never), error: TypeError, message: /^callSoon\(callback\): coroutines cannot be used with callSoon\(\); wrap it with createTask\(\)$/ },
  { call: "loop.callSoon(cb, { context: 1 })", run: () => testLoop().callSoon(() => {}, { context: 1 as never }), error: TypeError, message: /^callSoon\(\.\.\., options\): options\.context must be a Context \(from @aio\/contextvars\), null or undefined, got 1 \(number\)$/ },
  { call: "loop.callLater(1, cb, { context: 1 })", run: () => testLoop().callLater(1, () => {}, { context: 1 as never }), error: TypeError, message: /^callLater\(\.\.\., options\): options\.context must be a Context/ },
  { call: "loop.callAt(1, cb, { context: 1 })", run: () => testLoop().callAt(1, () => {}, { context: 1 as never }), error: TypeError, message: /^callAt\(\.\.\., options\): options\.context must be a Context/ },
  { call: "loop.callLater(NaN, cb)", run: () => testLoop().callLater(NaN, cb), error: RangeError, message: /^callLater\(delay\): delay must be a number, got NaN$/ },
  { call: "loop.callLater(null, cb)", run: () => testLoop().callLater(null as never, cb), error: TypeError, message: /^callLater\(delay\): delay must be a number, got null$/ },
  { call: 'loop.callLater("1", cb)', run: () => testLoop().callLater("1" as never, cb), error: TypeError, message: /^callLater\(delay\): .*got "1" \(string\)$/ },
  { call: "loop.callLater(1n, cb)", run: () => testLoop().callLater(1n as never, cb), error: TypeError, message: /^callLater\(delay\): .*got 1 \(bigint\)$/ },
  { call: "loop.callLater(1, 42)", run: () => testLoop().callLater(1, 42 as never), error: TypeError, message: /^callLater\(callback\): a callable object was expected, got 42 \(number\)$/ },
  { call: "loop.callAt(NaN, cb)", run: () => testLoop().callAt(NaN, cb), error: RangeError, message: /^callAt\(when\): when must be a number, got NaN$/ },
  { call: "loop.callAt(undefined, cb)", run: () => testLoop().callAt(undefined as never, cb), error: TypeError, message: /^callAt\(when\): .*got undefined$/ },
  { call: "loop.callAt(1, {})", run: () => testLoop().callAt(1, {} as never), error: TypeError, message: /^callAt\(callback\): .*got Object \(object\)$/ },
  { call: "loop.createTask(42)", run: () => testLoop().createTask(42 as never), error: TypeError, message: /^createTask\(coro\): a coroutine was expected, got 42 \(number\)$/ },
  { call: "loop.createTask(g, 42)", run: () => testLoop().createTask(main, 42 as never), error: TypeError, message: /^createTask\(options\): expected \{ name\?, eagerStart\?, context\? \}, got 42 \(number\)$/ },
  { call: "loop.createTask(g, null)", run: () => testLoop().createTask(main, null as never), error: TypeError, message: /^createTask\(options\): .*got null$/ },
  { call: "loop.setTaskFactory(42)", run: () => testLoop().setTaskFactory(42 as never), error: TypeError, message: /^setTaskFactory\(factory\): task factory must be a callable or null, got 42 \(number\)$/ },
  { call: "loop.setTaskFactory(undefined)", run: () => testLoop().setTaskFactory(undefined as never), error: TypeError, message: /^setTaskFactory\(factory\): .*got undefined$/ },
  // errors
  { call: 'loop.setExceptionHandler("log")', run: () => testLoop().setExceptionHandler("log" as never), error: TypeError, message: /^setExceptionHandler\(handler\): expected a function or null, got "log" \(string\)$/ },
  { call: "loop.callExceptionHandler(undefined) (was an engine message)", run: () => testLoop().callExceptionHandler(undefined as never), error: TypeError, message: /^callExceptionHandler\(context\): expected an object such as \{ message, exception\? \}, got undefined$/ },
  { call: 'loop.callExceptionHandler("boom")', run: () => testLoop().callExceptionHandler("boom" as never), error: TypeError, message: /^callExceptionHandler\(context\): .*got "boom" \(string\)$/ },
  { call: "loop.callExceptionHandler(null) with a handler set", run: () => { const l = testLoop(); l.setExceptionHandler(() => {}); l.callExceptionHandler(null as never); }, error: TypeError, message: /^callExceptionHandler\(context\): .*got null$/ },
  { call: "loop.defaultExceptionHandler(42)", run: () => testLoop().defaultExceptionHandler(42 as never), error: TypeError, message: /^defaultExceptionHandler\(context\): .*got 42 \(number\)$/ },
  // executors
  { call: "loop.runInExecutor({}, fn)", run: () => testLoop().runInExecutor({} as never, cb), error: TypeError, message: /^runInExecutor\(executor\): expected an Executor or null, got Object \(object\)$/ },
  { call: "loop.runInExecutor(undefined, fn)", run: () => testLoop().runInExecutor(undefined as never, cb), error: TypeError, message: /^runInExecutor\(executor\): .*got undefined$/ },
  { call: "loop.runInExecutor(executor, 42)", run: () => testLoop().runInExecutor(new TinyExecutor(), 42 as never), error: TypeError, message: /^runInExecutor\(executor, fn\): expected a function, got 42 \(number\)$/ },
  { call: "loop.setDefaultExecutor({ submit })", run: () => testLoop().setDefaultExecutor({ submit() {} } as never), error: TypeError, message: /^setDefaultExecutor\(executor\): expected an Executor, got Object \(object\)$/ },
  { call: "loop.setDefaultExecutor(null)", run: () => testLoop().setDefaultExecutor(null as never), error: TypeError, message: /^setDefaultExecutor\(executor\): .*got null$/ },
  // TestLoop.advance(seconds)
  { call: "loop.advance(-1)", run: () => testLoop().advance(-1), error: RangeError, message: /^TestLoop\.advance\(seconds\): expected a finite number >= 0, got -1 \(number\)$/ },
  { call: "loop.advance(NaN)", run: () => testLoop().advance(NaN), error: RangeError, message: /^TestLoop\.advance\(seconds\): .*got NaN \(number\)$/ },
  { call: "loop.advance(Infinity)", run: () => testLoop().advance(Infinity), error: RangeError, message: /^TestLoop\.advance\(seconds\): .*got Infinity \(number\)$/ },
  { call: 'loop.advance("1")', run: () => testLoop().advance("1" as never), error: TypeError, message: /^TestLoop\.advance\(seconds\): .*got "1" \(string\)$/ },
  { call: "loop.advance(Symbol()) (was an engine message)", run: () => testLoop().advance(Symbol("s") as never), error: TypeError, message: /^TestLoop\.advance\(seconds\): .*got Symbol\(s\) \(symbol\)$/ },
  // VirtualClock
  { call: "new VirtualClock(NaN) (was accepted: sleep(1) never finished)", run: () => new VirtualClock(NaN), error: RangeError, message: /^VirtualClock\(start\): expected a finite number of seconds, got NaN$/ },
  { call: 'new VirtualClock("x")', run: () => new VirtualClock("x" as never), error: TypeError, message: /^VirtualClock\(start\): .*got "x" \(string\)$/ },
  { call: "new VirtualClock(-Infinity)", run: () => new VirtualClock(-Infinity), error: RangeError, message: /^VirtualClock\(start\): .*got -Infinity$/ },
  { call: "new VirtualClock(Infinity)", run: () => new VirtualClock(Infinity), error: RangeError, message: /^VirtualClock\(start\): .*got Infinity$/ },
  { call: "new VirtualClock(null)", run: () => new VirtualClock(null as never), error: TypeError, message: /^VirtualClock\(start\): .*got null$/ },
  { call: 'clock.set("5")', run: () => new VirtualClock().set("5" as never), error: TypeError, message: /^VirtualClock\.set\(time\): expected a finite time >= 0, got "5" \(string\)$/ },
  { call: "clock.set(NaN)", run: () => new VirtualClock().set(NaN), error: RangeError, message: /^VirtualClock\.set\(time\): expected a finite time >= 0, got NaN$/ },
  { call: "clock.set(Infinity)", run: () => new VirtualClock().set(Infinity), error: RangeError, message: /^VirtualClock\.set\(time\): .*got Infinity$/ },
  { call: "clock.set(earlier than now)", run: () => new VirtualClock(10).set(5), error: RangeError, message: /^VirtualClock\.set\(time\): expected a finite time >= 10, got 5$/ },
  // hosts
  { call: "nodeHost.request(42, 0)", run: () => new NodeHost().request(42 as never, 0), error: TypeError, message: /^NodeHost\.request\(tick\): expected a function, got 42 \(number\)$/ },
  { call: "nodeHost.request(tick, NaN)", run: () => new NodeHost().request(cb, NaN), error: RangeError, message: /^NodeHost\.request\(delay\): expected a number of milliseconds, got NaN$/ },
  { call: 'nodeHost.request(tick, "5")', run: () => new NodeHost().request(cb, "5" as never), error: TypeError, message: /^NodeHost\.request\(delay\): .*got "5" \(string\)$/ },
  { call: "messageChannelHost.request(null, 0)", run: () => new MessageChannelHost().request(null as never, 0), error: TypeError, message: /^MessageChannelHost\.request\(tick\): .*got null$/ },
  { call: "messageChannelHost.request(tick, undefined)", run: () => new MessageChannelHost().request(cb, undefined as never), error: TypeError, message: /^MessageChannelHost\.request\(delay\): .*got undefined$/ },
  { call: "manualHost.request({}, 0) (was accepted; fire() then failed)", run: () => new ManualHost().request({} as never, 0), error: TypeError, message: /^ManualHost\.request\(tick\): .*got Object \(object\)$/ },
  { call: "manualHost.request(tick, NaN)", run: () => new ManualHost().request(cb, NaN), error: RangeError, message: /^ManualHost\.request\(delay\): .*got NaN$/ },
  // Runner
  { call: "new Runner(42)", run: () => new Runner(42 as never), error: TypeError, message: /^Runner\(options\): expected \{ debug\?, loopFactory\? \}, got 42 \(number\)$/ },
  { call: "new Runner(null)", run: () => new Runner(null as never), error: TypeError, message: /^Runner\(options\): .*got null$/ },
  { call: "new Runner({ loopFactory: 42 }) (was an engine message)", run: () => new Runner({ loopFactory: 42 as never }), error: TypeError, message: /^Runner\(options\.loopFactory\): expected a function that returns an EventLoop, got 42 \(number\)$/ },
  { call: "new Runner({ loopFactory: () => 42 }).getLoop()", run: () => new Runner({ loopFactory: () => 42 as never }).getLoop(), error: TypeError, message: /^Runner\(options\.loopFactory\): expected a function that returns an EventLoop, it returned 42 \(number\)$/ },
  { call: "new Runner({ loopFactory: () => ({}) }).getLoop()", run: () => new Runner({ loopFactory: () => ({}) as never }).getLoop(), error: TypeError, message: /^Runner\(options\.loopFactory\): .*it returned Object \(object\)$/ },
  // misuse: a closed loop
  { call: "closedLoop.callSoon(cb)", run: () => closedLoop().callSoon(cb), error: Error, message: /^Event loop is closed$/ },
  { call: "closedLoop.callLater(1, cb)", run: () => closedLoop().callLater(1, cb), error: Error, message: /^Event loop is closed$/ },
  { call: "closedLoop.callAt(1, cb)", run: () => closedLoop().callAt(1, cb), error: Error, message: /^Event loop is closed$/ },
  { call: "closedLoop.createTask(g)", run: () => closedLoop().createTask(main), error: Error, message: /^Event loop is closed$/ },
  { call: "closedLoop.runInExecutor(executor, fn)", run: () => closedLoop().runInExecutor(new TinyExecutor(), cb), error: Error, message: /^Event loop is closed$/ },
  { call: "closedLoop.advance(1)", run: () => closedLoop().advance(1), error: Error, message: /^Event loop is closed$/ },
  { call: "closedLoop.runUntilIdle()", run: () => closedLoop().runUntilIdle(), error: Error, message: /^Event loop is closed$/ },
  // misuse: another loop is running
  {
    call: "loop.advance(1) while another loop runs",
    run: () => {
      const a = testLoop();
      const b = testLoop();
      a._synchronously(() => b.advance(1));
    },
    error: Error,
    message: /^Cannot run the event loop while another loop is running$/,
  },
  {
    call: "loop.advance(1) from one of its own callbacks",
    run: () => {
      const l = testLoop();
      let error: unknown;
      l.callSoon(() => {
        try {
          l.advance(1);
        } catch (e) {
          error = e;
        }
      });
      l.runUntilIdle();
      throw error;
    },
    error: Error,
    message: /^TestLoop: advance\(\)\/runUntilIdle\(\) cannot be called from a loop callback$/,
  },
  { call: "runner.getLoop() after close()", run: () => { const r = new Runner(quiet); void r.close(); return r.getLoop(); }, error: Error, message: /^Runner is closed$/ },
];

const rejected: Refused[] = [
  { call: "closedLoop.runForever()", run: () => closedLoop().runForever(), error: Error, message: /^Event loop is closed$/ },
  { call: "closedLoop.runUntilComplete(g)", run: () => closedLoop().runUntilComplete(main), error: Error, message: /^Event loop is closed$/ },
  {
    call: "loop.runForever() while it runs",
    run: () => {
      const l = testLoop();
      return l.runUntilComplete(async () => l.runForever());
    },
    error: Error,
    message: /^This event loop is already running$/,
  },
  {
    call: "loop.runUntilComplete(g) while another loop runs",
    run: () => {
      const a = testLoop();
      return a.runUntilComplete(async () => testLoop().runUntilComplete(main));
    },
    error: Error,
    message: /^Cannot run the event loop while another loop is running$/,
  },
  { call: "loop.runUntilComplete(42)", run: () => testLoop().runUntilComplete(42 as never), error: TypeError, message: /^runUntilComplete\(aw\): expected a future, task, coroutine, coroutine function or PromiseLike, got 42 \(number\)$/ },
  { call: "loop.runUntilComplete(null)", run: () => testLoop().runUntilComplete(null as never), error: TypeError, message: /^runUntilComplete\(aw\): .*got null$/ },
  { call: "loop.runUntilComplete(a future of another loop)", run: () => testLoop().runUntilComplete(new Future({ loop: testLoop() })), error: RangeError, message: /^runUntilComplete\(aw\): the future belongs to another loop: <Future pending>$/ },
  // run(main, options?)
  { call: "run(42)", run: () => run(42 as never, quiet), error: TypeError, message: /^run\(main\): expected a coroutine, coroutine function, future or PromiseLike, got 42 \(number\)$/ },
  { call: "run(undefined)", run: () => run(undefined as never, quiet), error: TypeError, message: /^run\(main\): .*got undefined$/ },
  { call: "run(g, 42)", run: () => run(main, 42 as never), error: TypeError, message: /^run\(options\): expected \{ debug\?, loopFactory\? \}, got 42 \(number\)$/ },
  { call: "run(g, null)", run: () => run(main, null as never), error: TypeError, message: /^run\(options\): .*got null$/ },
  { call: "run(g, { loopFactory: 42 }) (was an engine message)", run: () => run(main, { loopFactory: 42 as never }), error: TypeError, message: /^run\(options\.loopFactory\): expected a function that returns an EventLoop, got 42 \(number\)$/ },
  { call: "run(g, { loopFactory: () => 42 }) (was an engine message)", run: () => run(main, { loopFactory: () => 42 as never }), error: TypeError, message: /^run\(options\.loopFactory\): expected a function that returns an EventLoop, it returned 42 \(number\)$/ },
  { call: "run(g, { loopFactory: () => closedLoop })", run: () => run(main, { loopFactory: closedLoop }), error: Error, message: /^Event loop is closed$/ },
  { call: "run(a future of another loop)", run: () => run(new Future({ loop: testLoop() }), quiet), error: RangeError, message: /^run\(main\): the future belongs to another loop than the runner's: <Future pending>$/ },
  { call: "run(g) inside a running loop", run: () => testLoop().runUntilComplete(async () => run(main, quiet)), error: Error, message: /^run\(\) cannot be called from a running event loop$/ },
  // Runner.run(main)
  { call: "runner.run(42)", run: () => new Runner(quiet).run(42 as never), error: TypeError, message: /^Runner\.run\(main\): expected a coroutine, coroutine function, future or PromiseLike, got 42 \(number\)$/ },
  { call: "runner.run(a future of another loop)", run: () => new Runner(quiet).run(new Future({ loop: testLoop() })), error: RangeError, message: /^Runner\.run\(main\): the future belongs to another loop than the runner's/ },
  { call: "new Runner({ loopFactory: () => 42 }).run(g)", run: () => new Runner({ loopFactory: () => 42 as never }).run(main), error: TypeError, message: /^Runner\(options\.loopFactory\): .*it returned 42 \(number\)$/ },
  {
    call: "loop.runInExecutor(null, fn) after shutdownDefaultExecutor() (thrown at the call)",
    run: async () => {
      const l = testLoop();
      await l.shutdownDefaultExecutor();
      l.runInExecutor(null, cb);
    },
    error: Error,
    message: /^Executor shutdown has been called$/,
  },
  {
    call: "runner.run(g) after close()",
    run: async () => {
      const r = new Runner(quiet);
      await r.close();
      return r.run(main);
    },
    error: Error,
    message: /^Runner is closed$/,
  },
];

const accepted: Accepted[] = [
  // delays and deadlines: CPython's meaning for negative and infinite values
  {
    call: "loop.callLater(-1, cb) runs in the next iteration (CPython: a negative delay means now)",
    run: () => {
      const l = testLoop();
      const seen: number[] = [];
      l.callLater(-1, () => seen.push(l.time()));
      l.runUntilIdle();
      expect(seen).toEqual([0]);
    },
  },
  { call: "loop.callLater(-Infinity, cb) runs now", run: () => { const l = testLoop(); let ran = false; l.callLater(-Infinity, () => (ran = true)); l.runUntilIdle(); expect(ran).toBe(true); } },
  { call: "loop.callAt(-5, cb) (a past deadline) runs now", run: () => { const l = testLoop(); let ran = false; l.callAt(-5, () => (ran = true)); l.runUntilIdle(); expect(ran).toBe(true); } },
  {
    call: "loop.callLater(Infinity, cb) is scheduled and never runs, as in CPython",
    run: () => {
      const l = testLoop();
      let ran = false;
      const h = l.callLater(Infinity, () => (ran = true));
      l.advance(1e9);
      expect(h.when()).toBe(Infinity);
      expect(ran).toBe(false);
      h.cancel();
    },
  },
  // flags read by truthiness, as in CPython
  { call: 'loop.setDebug("yes") turns debug on (CPython: any truthy value)', run: () => { const l = testLoop(); l.setDebug("yes" as never); expect(l.getDebug()).toBe(true); l.setDebug(0 as never); expect(l.getDebug()).toBe(false); } },
  { call: "new EventLoop({ debug: 1 }) starts in debug mode; getDebug() is a boolean", run: () => expect(new EventLoop({ debug: 1 as never }).getDebug()).toBe(true) },
  { call: "new TestLoop({ autojump: 0 }) does not jump", run: () => expect(Boolean(new TestLoop({ autojump: 0 as never }).autojump)).toBe(false) },
  { call: 'new Runner({ debug: "yes" }) runs in debug mode', run: async () => { const r = new Runner({ ...quiet, debug: "yes" as never }); expect(r.getLoop().getDebug()).toBe(true); await r.close(); } },
  // options that may be null or undefined
  { call: "new EventLoop({ clock: null, host: undefined }) uses the defaults", run: () => { const l = new EventLoop({ clock: null as never, host: undefined }); expect(l._clock).toBe(monotonicClock); } },
  { call: "new EventLoop({ clock: a clock of resolution 0 })", run: () => new EventLoop({ clock: new VirtualClock(5) }) },
  { call: "new Runner({ loopFactory: undefined }) makes a real-time loop", run: async () => { const r = new Runner({ loopFactory: undefined }); expect(r.getLoop()).toBeInstanceOf(EventLoop); await r.close(); } },
  { call: "new VirtualClock(-5) starts at -5 (any finite time)", run: () => expect(new VirtualClock(-5).now()).toBe(-5) },
  // hosts: a negative delay means as soon as possible, a huge one is capped
  { call: "nodeHost.request(tick, -1) ticks as soon as possible", run: async () => { const h: Host = new NodeHost(); let ticked = false; h.request(() => (ticked = true), -1); await macrotask(); expect(ticked).toBe(true); } },
  { call: "nodeHost.request(tick, Infinity) waits (then cancel())", run: () => { const h = new NodeHost(); h.request(cb, Infinity); h.cancel(); } },
  { call: "manualHost.request(tick, Infinity) is kept for fire()", run: () => { const h = new ManualHost(); h.request(cb, Infinity); expect(h.fire()).toBe(true); } },
  // the exception handler: CPython's message is optional
  {
    call: 'loop.callExceptionHandler({}) prints "Unhandled exception in event loop"',
    run: async () => {
      const printed = await captureConsole("error", () => testLoop().callExceptionHandler({} as never));
      expect(printed).toEqual(["Unhandled exception in event loop"]);
    },
  },
  {
    call: "loop.callExceptionHandler({ message: 42, exception: 'x' }) prints both",
    run: async () => {
      const printed = await captureConsole("error", () => testLoop().callExceptionHandler({ message: 42 as never, exception: "x" }));
      expect(printed).toEqual(["42\nexception: x"]);
    },
  },
  { call: "closedLoop.createFuture() is accepted, as in CPython", run: () => expect(closedLoop().createFuture().getLoop().isClosed()).toBe(true) },
  { call: "closedLoop.close() again does nothing", run: () => closedLoop().close() },
];

describe("@aio/loop: bad input is refused at the call", () => {
  it.each(refused)("$call", ({ run, error, message }) => {
    const e = errorOf(run);
    expect(e.constructor).toBe(error);
    expect(e.message).toMatch(message);
  });
});

describe("@aio/loop: the Promise-returning methods reject (never throw) on bad input and misuse", () => {
  it.each(rejected)("$call", async ({ run, error, message }) => {
    const e = await rejectionOf(run);
    expect(e.constructor).toBe(error);
    expect(e.message).toMatch(message);
  });
});

describe("@aio/loop: accepted input keeps working", () => {
  it.each(accepted)("$call", async ({ run }) => {
    await run();
  });
});

describe("a run that fails as it starts", () => {
  /** A host that breaks whenever the loop asks it to wake it. */
  class BrokenHost extends ManualHost {
    override request(): void {
      throw new Error("host broke");
    }
  }

  it("leaves the loop not running: close() works and the next run is not refused as 'already running'", async () => {
    // Before: the loop stayed "running" for ever; close() refused and the next run said "already running".
    const loop = new EventLoop({ clock: new VirtualClock(0), host: new BrokenHost() });
    loop.callLater(1, cb); // the first turn asks the host to wake it for this timer
    await expect(loop.runForever()).rejects.toThrow("host broke");
    expect(loop.isRunning()).toBe(false);
    expect(_getRunningLoop()).toBeNull();
    await expect(loop.runUntilComplete(sleep(loop, 1))).rejects.toThrow("host broke");
    expect(loop.isRunning()).toBe(false);
    loop.close();
    expect(loop.isClosed()).toBe(true);
  });

  it("a loop on a clock of NaN is refused where the clock is made, so sleep(1) cannot hang", () => {
    expect(() => new EventLoop({ clock: new VirtualClock(NaN), host: new ManualHost() })).toThrow(RangeError);
  });
});

describe("a clock that is a function is refused, even with now() and a resolution", () => {
  it("names options.clock", () => {
    const fnClock = Object.assign(function clock() {}, { now: () => 0, resolution: 0 });
    expect(() => new EventLoop({ clock: fnClock as never })).toThrow(
      new TypeError("EventLoop(options.clock): expected a Clock (an object with now() and a resolution in seconds), got clock (function)"),
    );
  });
});

describe("the loop's internal argument checks, called directly", () => {
  // The loop's methods pre-screen some values before calling these; the checks still hold on their own.
  it("checkClock() refuses null with its own message", () => {
    expect(() => checkClock("f", "clock", null)).toThrow(
      new TypeError("f(clock): expected a Clock (an object with now() and a resolution in seconds), got null"),
    );
    expect(() => checkClock("f", "clock", { now: () => 0, resolution: 0 })).not.toThrow();
  });

  it("checkContext() accepts any object and refuses the rest", () => {
    expect(() => checkContext("f", {})).not.toThrow();
    expect(() => checkContext("f", 1)).toThrow(new TypeError("f(context): expected an object such as { message, exception? }, got 1 (number)"));
  });

  it("checkRequest() accepts a function and a number, and refuses NaN with a RangeError", () => {
    expect(() => checkRequest("H", () => {}, 5)).not.toThrow();
    expect(() => checkRequest("H", () => {}, -Infinity)).not.toThrow();
    expect(() => checkRequest("H", () => {}, NaN)).toThrow(new RangeError("H.request(delay): expected a number of milliseconds, got NaN"));
  });

  it("isThenable() is true for objects and functions with a then() method, only", () => {
    expect(isThenable({ then: () => {} })).toBe(true);
    expect(isThenable(Object.assign(() => {}, { then: () => {} }))).toBe(true);
    expect(isThenable(Promise.resolve())).toBe(true);
    expect(isThenable({ then: 1 })).toBe(false);
    expect(isThenable({})).toBe(false);
    expect(isThenable(() => {})).toBe(false);
    expect(isThenable(null)).toBe(false);
    expect(isThenable("then")).toBe(false);
  });
});
