// Random schedules for the property suites: several tasks take and release a primitive at random
// virtual times, some with a timeout on the wait, while other tasks are cancelled from outside at
// random times. Times come from a small dyadic set, so many events fall in the same loop iteration
// (that is where the races are). Each schedule runs in one coroutine style on a fresh TestLoop.
import fc from "fast-check";
import { CancelledError, type Awaitable, type Coroutine } from "@aio/core";
import { TestLoop } from "@aio/loop";
import { currentTask, type Task } from "@aio/task";
import { sleep, type Style } from "./helpers.js";

/** One step of a task: take the primitive (maybe with a timeout) and hold it, or just sleep. */
export type Step =
  | { kind: "hold"; timeout: number | null; hold: number }
  | { kind: "sleep"; delay: number };

export interface Schedule {
  tasks: { start: number; steps: Step[] }[];
  /**
   * External cancellations: `task.cancel()` at virtual time `at`, from a timer set up front (it runs
   * before what the tasks do at that time) or from a canceller task (it runs after them).
   */
  cancels: { at: number; task: number; late: boolean }[];
}

const TIMES = [0, 0, 0.25, 0.5, 1, 1.5];

export const arbTime = fc.constantFrom(...TIMES);

export const arbStep: fc.Arbitrary<Step> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ kind: fc.constant("hold" as const), timeout: fc.option(fc.constantFrom(0, 0.25, 0.5, 1, 2), { freq: 3 }), hold: arbTime }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("sleep" as const), delay: arbTime }) },
);

export function arbSchedule(maxTasks = 8, maxSteps = 4): fc.Arbitrary<Schedule> {
  return fc.integer({ min: 2, max: maxTasks }).chain((n) =>
    fc.record({
      tasks: fc.array(fc.record({ start: arbTime, steps: fc.array(arbStep, { minLength: 1, maxLength: maxSteps }) }), { minLength: n, maxLength: n }),
      cancels: fc.array(fc.record({ at: fc.constantFrom(...TIMES, 0.75, 2), task: fc.integer({ min: 0, max: n - 1 }), late: fc.boolean() }), { maxLength: 3 }),
    }),
  );
}

/** What the harness needs from a primitive that hands out `capacity` units. */
export interface Resource {
  acquire(): Awaitable<unknown>;
  release(): void;
  capacity: number;
  /** True once every unit is back and nobody is in line. */
  idle(): boolean;
  describe(): string;
}

export interface RunResult {
  /** Request ids in the order they were granted. */
  grants: number[];
  /** Requests granted, in request order. */
  grantedInRequestOrder: number[];
  maxHolders: number;
  timeouts: number;
  hung: string[];
}

/** Runs `schedule` on `res` with tasks of the given style; resolves when every task is done (or reports the hung ones). */
export async function runSchedule(schedule: Schedule, res: Resource, style: Style): Promise<RunResult> {
  const loop = new TestLoop();
  loop.setExceptionHandler(() => {});
  let seq = 0;
  let holders = 0;
  let maxHolders = 0;
  let timeouts = 0;
  const granted: number[] = [];
  const requested: number[] = [];

  const onGrant = (req: number): void => {
    granted.push(req);
    holders++;
    maxHolders = Math.max(maxHolders, holders);
  };

  function* genProgram(steps: Step[], start: number): Coroutine<void> {
    yield* sleep(start);
    const me = currentTask()!;
    for (const st of steps) {
      if (st.kind === "sleep") {
        if (st.delay === 0) yield;
        else yield* sleep(st.delay);
        continue;
      }
      const req = ++seq;
      requested.push(req);
      const base = me.cancelling();
      let timedOut = false;
      const timer = st.timeout === null ? null : loop.callLater(st.timeout, () => {
        timedOut = true;
        me.cancel();
      });
      try {
        yield* res.acquire();
      } catch (e) {
        if (e instanceof CancelledError && timedOut && me.uncancel() <= base) {
          timeouts++;
          continue;
        }
        throw e;
      } finally {
        timer?.cancel();
      }
      onGrant(req);
      try {
        if (st.hold === 0) yield;
        else yield* sleep(st.hold);
      } finally {
        holders--;
        res.release();
      }
    }
  }

  async function asyncProgram(steps: Step[], start: number): Promise<void> {
    await sleep(start);
    const me = currentTask()!;
    for (const st of steps) {
      if (st.kind === "sleep") {
        await sleep(st.delay);
        continue;
      }
      const req = ++seq;
      requested.push(req);
      const base = me.cancelling();
      let timedOut = false;
      const timer = st.timeout === null ? null : loop.callLater(st.timeout, () => {
        timedOut = true;
        me.cancel();
      });
      try {
        await res.acquire();
      } catch (e) {
        if (e instanceof CancelledError && timedOut && me.uncancel() <= base) {
          timeouts++;
          continue;
        }
        throw e;
      } finally {
        timer?.cancel();
      }
      onGrant(req);
      try {
        await sleep(st.hold);
      } finally {
        holders--;
        res.release();
      }
    }
  }

  const tasks: Task<void>[] = schedule.tasks.map((t) =>
    style === "generator" ? loop.createTask(genProgram(t.steps, t.start)) : loop.createTask(() => asyncProgram(t.steps, t.start)),
  );
  for (const c of schedule.cancels) {
    const target = tasks[c.task]!;
    if (!c.late) loop.callLater(c.at, () => target.cancel());
    else {
      loop.createTask(function* () {
        yield* sleep(c.at);
        target.cancel();
      });
    }
  }
  // A watchdog far beyond any schedule: if it fires, something is hanging.
  const watchdog = loop.callLater(1000, () => loop.stop());
  await loop
    .runUntilComplete(function* () {
      for (const t of tasks) {
        try {
          yield* t;
        } catch {
          /* cancelled tasks are expected */
        }
      }
    })
    .catch(() => {});
  watchdog.cancel();
  const hung = tasks.filter((t) => !t.done()).map((t) => `${t.getName()} ${String(t)}`);
  const grantedSet = new Set(granted);
  return {
    grants: granted,
    grantedInRequestOrder: requested.filter((r) => grantedSet.has(r)),
    maxHolders,
    timeouts,
    hung,
  };
}
