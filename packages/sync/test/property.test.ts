// Property suites: random schedules of acquire / hold / release / timeout / external cancel over
// up to 8 tasks on TestLoop. After every run: no task hangs, every unit is back and nobody is in
// line (no leak), the capacity was never exceeded, and units were granted in request order (FIFO).
// The seed is fixed so CI runs the same cases every time; set FC_SEED to explore others.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { CancelledError, type Coroutine } from "@aio/core";
import { TestLoop } from "@aio/loop";
import { Barrier, BoundedSemaphore, BrokenBarrierError, Condition, Lock, Semaphore } from "@aio/sync";
import { currentTask, type Task } from "@aio/task";
// One loop iteration for an async function (the generator's bare `yield`); the helpers' sleep is timer-based.
import { sleep as aioSleep } from "@aio/combinators";
import { sleep, type Style } from "./helpers.js";
import { arbSchedule, arbTime, runSchedule, type Resource } from "./property-harness.js";

const seed = process.env["FC_SEED"] === undefined ? 20_26 : Number(process.env["FC_SEED"]);
const scale = Number(process.env["FC_SCALE"] ?? 1);
// Generous per-test timeout: CI runs every package's tests in parallel on 2 cores.
const TIMEOUT = 120_000;
const runs = (n: number): fc.Parameters<unknown> => ({ seed, numRuns: Math.max(1, Math.round(n * scale)) });
// Async-function variants cost more per case (promise reactions on every step), so they run fewer.
const ASYNC_CONDITION_RUNS = 600;
const ASYNC_BARRIER_RUNS = 400;

function lockResource(): Resource {
  const lock = new Lock();
  return {
    acquire: () => lock.acquire(),
    release: () => lock.release(),
    capacity: 1,
    idle: () => String(lock) === "<Lock [unlocked]>",
    describe: () => String(lock),
  };
}

function semaphoreResource(k: number, bounded: boolean): Resource {
  const sem = bounded ? new BoundedSemaphore(k) : new Semaphore(k);
  const name = bounded ? "BoundedSemaphore" : "Semaphore";
  return {
    acquire: () => sem.acquire(),
    release: () => sem.release(),
    capacity: k,
    idle: () => String(sem) === `<${name} [unlocked, value:${k}]>`,
    describe: () => String(sem),
  };
}

async function check(res: Resource, schedule: Parameters<typeof runSchedule>[0], style: Style): Promise<void> {
  const r = await runSchedule(schedule, res, style);
  expect(r.hung).toEqual([]);
  expect(res.describe(), "every unit back, nobody in line").toSatisfy(() => res.idle());
  expect(r.maxHolders).toBeLessThanOrEqual(res.capacity);
  expect(r.grants, "granted in request order").toEqual(r.grantedInRequestOrder);
}

describe("property: Lock under random schedules", () => {
  it("generator tasks: no hang, no leak, mutual exclusion, FIFO", async () => {
    await fc.assert(fc.asyncProperty(arbSchedule(), (s) => check(lockResource(), s, "generator")), runs(2500));
  }, TIMEOUT);

  it("async-function tasks: no hang, no leak, mutual exclusion, FIFO", async () => {
    await fc.assert(fc.asyncProperty(arbSchedule(6, 3), (s) => check(lockResource(), s, "async")), runs(400));
  }, TIMEOUT);
});

describe("property: Semaphore under random schedules", () => {
  it("generator tasks: no hang, permits end full, never more than k holders, FIFO", async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: 4 }), fc.boolean(), arbSchedule(), (k, bounded, s) => check(semaphoreResource(k, bounded), s, "generator")),
      runs(2500),
    );
  }, TIMEOUT);

  it("async-function tasks: no hang, permits end full, never more than k holders, FIFO", async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: 3 }), arbSchedule(6, 3), (k, s) => check(semaphoreResource(k, false), s, "async")),
      runs(400),
    );
  }, TIMEOUT);
});

// Condition: producers add items and notify; consumers wait for an item and take it; some waits
// time out and some tasks are cancelled. No notification may be lost: once the producers are done
// and a final notifyAll() has been sent, no consumer may still be waiting while items remain.
describe("property: Condition producer/consumer under random schedules", () => {
  // A consumer that times out hides a lost notification (nobody is left waiting), so timeouts are rare.
  const arbRareTimeout = fc.oneof(
    { weight: 3, arbitrary: fc.constant(null) },
    { weight: 1, arbitrary: fc.constantFrom(0, 0.25, 1) },
  );
  // Cancellations mostly land at a producer's start time, where notify() races with them.
  const arbRun = fc
    .array(fc.record({ start: arbTime, items: fc.integer({ min: 1, max: 3 }), all: fc.boolean() }), { minLength: 1, maxLength: 3 })
    .chain((producers) =>
      fc.record({
        producers: fc.constant(producers),
        consumers: fc.array(fc.record({ start: arbTime, want: fc.integer({ min: 1, max: 3 }), timeout: arbRareTimeout }), { minLength: 1, maxLength: 4 }),
        cancels: fc.array(
          fc.record({ at: fc.oneof(fc.constantFrom(...producers.map((p) => p.start)), arbTime), consumer: fc.nat(3), late: fc.boolean() }),
          { maxLength: 2 },
        ),
      }),
    );

  type ConditionRun = typeof arbRun extends fc.Arbitrary<infer R> ? R : never;

  async function runConditionScenario(run: ConditionRun, style: Style): Promise<void> {
    const loop = new TestLoop();
    const cond = new Condition();
    let items = 0;
    let produced = 0;
    let taken = 0;
    let stop = false;
    function* producer(start: number, n: number, all: boolean): Coroutine<void> {
      yield* sleep(start);
      for (let i = 0; i < n; i++) {
        yield* cond.use(function* () {
          items++;
          produced++;
          if (all) cond.notifyAll();
          else cond.notify(1);
        });
        yield;
      }
    }
    async function producerAsync(start: number, n: number, all: boolean): Promise<void> {
      await sleep(start);
      for (let i = 0; i < n; i++) {
        await cond.use(async () => {
          items++;
          produced++;
          if (all) cond.notifyAll();
          else cond.notify(1);
        });
        await aioSleep(0); // one iteration, as the generator's bare `yield`
      }
    }
    function* consumer(start: number, want: number, timeout: number | null): Coroutine<void> {
      yield* sleep(start);
      const me = currentTask()!;
      yield* cond.use(function* () {
        for (let got = 0; got < want; got++) {
          const base = me.cancelling();
          let timedOut = false;
          const timer = timeout === null ? null : loop.callLater(timeout, () => {
            timedOut = true;
            me.cancel();
          });
          try {
            yield* cond.waitFor(() => items > 0 || stop);
          } catch (e) {
            if (e instanceof CancelledError && timedOut && me.uncancel() <= base) return;
            throw e;
          } finally {
            timer?.cancel();
          }
          expect(cond.locked()).toBe(true);
          if (items === 0) return; // stopped
          items--;
          taken++;
        }
      });
    }
    async function consumerAsync(start: number, want: number, timeout: number | null): Promise<void> {
      await sleep(start);
      const me = currentTask()!;
      await cond.use(async () => {
        for (let got = 0; got < want; got++) {
          const base = me.cancelling();
          let timedOut = false;
          const timer = timeout === null ? null : loop.callLater(timeout, () => {
            timedOut = true;
            me.cancel();
          });
          try {
            await cond.waitFor(() => items > 0 || stop);
          } catch (e) {
            if (e instanceof CancelledError && timedOut && me.uncancel() <= base) return;
            throw e;
          } finally {
            timer?.cancel();
          }
          expect(cond.locked()).toBe(true);
          if (items === 0) return; // stopped
          items--;
          taken++;
        }
      });
    }
    const consumers: Task<void>[] = run.consumers.map((c) =>
      style === "generator" ? loop.createTask(consumer(c.start, c.want, c.timeout)) : loop.createTask(() => consumerAsync(c.start, c.want, c.timeout)),
    );
    const producers = run.producers.map((p) =>
      style === "generator" ? loop.createTask(producer(p.start, p.items, p.all)) : loop.createTask(() => producerAsync(p.start, p.items, p.all)),
    );
    // A cancel from a timer set up front lands before what producers do at that time; one
    // from a canceller task created last lands right after (between notify and wake-up).
    for (const c of run.cancels) {
      const t = consumers[c.consumer % consumers.length]!;
      if (!c.late) loop.callLater(c.at, () => t.cancel());
      else {
        loop.createTask(function* () {
          yield* sleep(c.at);
          t.cancel();
        });
      }
    }
    const watchdog = loop.callLater(1000, () => loop.stop());
    await loop.runUntilComplete(function* () {
      for (const p of producers) yield* p;
      // Producers are done: consumers still waiting must either find items or be told to stop.
      yield* sleep(10);
      const waitingWithItems = items > 0 && consumers.some((c) => !c.done());
      expect(waitingWithItems, "a consumer waits while items remain: lost notification").toBe(false);
      yield* cond.use(function* () {
        stop = true;
        cond.notifyAll();
      });
      for (const c of consumers) {
        try {
          yield* c;
        } catch {
          /* cancelled */
        }
      }
    });
    watchdog.cancel();
    expect(consumers.every((c) => c.done())).toBe(true);
    expect(produced).toBe(taken + items);
    expect(String(cond)).toBe("<Condition [unlocked]>");
  }

  // Always also run the race of CPython's test_cancelled_wakeup: consumer 0 is cancelled right after notify(1).
  const cancelledWakeup: [ConditionRun] = [
    {
      producers: [{ start: 0.5, items: 1, all: false }],
      consumers: [{ start: 0, want: 1, timeout: null }, { start: 0, want: 1, timeout: null }],
      cancels: [{ at: 0.5, consumer: 0, late: true }],
    },
  ];

  it("generator tasks: no lost notification, the lock is free and nobody waits at the end, items are conserved", async () => {
    await fc.assert(fc.asyncProperty(arbRun, (run) => runConditionScenario(run, "generator")), { ...runs(1500), examples: [cancelledWakeup] });
  }, TIMEOUT);

  it("async-function tasks: no lost notification, the lock is free and nobody waits at the end, items are conserved", async () => {
    await fc.assert(fc.asyncProperty(arbRun, (run) => runConditionScenario(run, "async")), { ...runs(ASYNC_CONDITION_RUNS), examples: [cancelledWakeup] });
  }, TIMEOUT);
});

// Barrier: tasks wait (several times each) at random times while others are cancelled and the
// barrier is reset. Once the schedule is over, the only tasks still waiting are those of an
// incomplete batch; an abort() at the end releases them, no task hangs, every wait ended with an
// index in range or BrokenBarrierError/CancelledError, and after reset() the barrier works again
// for a fresh batch (nothing is left half-done inside it). Both coroutine styles.
describe("property: Barrier under random schedules", () => {
  const arbRun = fc.record({
    parties: fc.integer({ min: 1, max: 4 }),
    tasks: fc.array(fc.record({ start: arbTime, waits: fc.array(arbTime, { minLength: 1, maxLength: 3 }) }), { minLength: 1, maxLength: 8 }),
    cancels: fc.array(fc.record({ at: arbTime, task: fc.nat(7), late: fc.boolean() }), { maxLength: 2 }),
    resets: fc.array(arbTime, { maxLength: 2 }),
  });

  type BarrierRun = typeof arbRun extends fc.Arbitrary<infer R> ? R : never;

  async function runBarrierScenario(run: BarrierRun, style: Style): Promise<void> {
    const loop = new TestLoop();
    const b = new Barrier(run.parties);
    const bad: string[] = [];
    const tasks = run.tasks.map((spec) =>
      style === "generator"
        ? loop.createTask(function* (): Coroutine<void> {
            yield* sleep(spec.start);
            for (const pause of spec.waits) {
              try {
                const i = yield* b.wait();
                if (!(i >= 0 && i < run.parties)) bad.push(`index ${i}`);
              } catch (e) {
                if (!(e instanceof BrokenBarrierError)) throw e;
              }
              yield* sleep(pause);
            }
          })
        : loop.createTask(async () => {
            await sleep(spec.start);
            for (const pause of spec.waits) {
              try {
                const i = await b.wait();
                if (!(i >= 0 && i < run.parties)) bad.push(`index ${i}`);
              } catch (e) {
                if (!(e instanceof BrokenBarrierError)) throw e;
              }
              await sleep(pause);
            }
          }),
    );
    for (const c of run.cancels) {
      const t = tasks[c.task % tasks.length]!;
      if (!c.late) loop.callLater(c.at, () => t.cancel());
      else loop.createTask(function* () { yield* sleep(c.at); t.cancel(); });
    }
    for (const at of run.resets) {
      if (style === "generator") loop.createTask(function* () { yield* sleep(at); yield* b.reset(); });
      else loop.createTask(async () => { await sleep(at); await b.reset(); });
    }
    const watchdog = loop.callLater(1000, () => loop.stop());
    await loop.runUntilComplete(function* () {
      // Every schedule is over by t = 50: a task still waiting must be in an incomplete batch.
      // (Anything else is a hung waiter, which the abort() below would otherwise hide.)
      yield* sleep(50);
      const pending = tasks.filter((t) => !t.done()).length;
      expect(pending, "a full batch is still waiting").toBeLessThan(run.parties);
      expect(String(b), "a task hangs outside an incomplete batch").toBe(`<Barrier [filling, waiters:${pending}/${run.parties}]>`);
      yield* b.abort();
      for (const t of tasks) {
        try {
          yield* t;
        } catch (e) {
          if (!(e instanceof CancelledError)) throw e;
        }
      }
      expect(b.nWaiting).toBe(0);
      yield* b.reset();
      const fresh = Array.from({ length: run.parties }, () =>
        style === "generator" ? loop.createTask(b.wait()) : loop.createTask(async () => await b.wait()),
      );
      const indexes: number[] = [];
      for (const t of fresh) indexes.push(yield* t);
      expect(indexes.sort()).toEqual(Array.from({ length: run.parties }, (_, i) => i));
    });
    watchdog.cancel();
    expect(tasks.every((t) => t.done()), "no task hangs").toBe(true);
    expect(bad).toEqual([]);
    expect(String(b)).toBe(`<Barrier [filling, waiters:0/${run.parties}]>`);
  }

  it("generator tasks: no hang, indexes in range, usable again after reset()", async () => {
    await fc.assert(fc.asyncProperty(arbRun, (run) => runBarrierScenario(run, "generator")), runs(800));
  }, TIMEOUT);

  it("async-function tasks: no hang, indexes in range, usable again after reset()", async () => {
    await fc.assert(fc.asyncProperty(arbRun, (run) => runBarrierScenario(run, "async")), runs(ASYNC_BARRIER_RUNS));
  }, TIMEOUT);
});
