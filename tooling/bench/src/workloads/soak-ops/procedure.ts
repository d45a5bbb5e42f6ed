// The soak-ops procedure shared by its six scripts (tasks, queue gets and semaphore acquires, each
// with generator and async-function tasks): operations in batches of BATCH on one EventLoop,
// operation i cancelled mid-wait when i % 10 === 9 (10%), in the rounds of runSoak() (../soak.ts):
// a first round of N operations and a measured round of N more on one loop, the heap read after a
// full collection with the loop open and idle. Reported: steady-state heap growth per 100k
// operations (the measured round), the same for the first round on the fresh loop, and ns/op of
// the measured round. Every round checks its own result (how many operations completed, how many
// were cancelled, the sum of what the completed ones returned), and nothing may reach the loop's
// exception handler.
import { EventLoop } from "@aio/loop";
import { report, sizeFromArgs } from "../../harness.mjs";
import { runSoak } from "../soak.js";

/** Operations (tasks) per batch: the parent creates them, lets them park, cancels 10%, completes the rest. */
export const BATCH = 1_000;

/** Whether operation `i` is one of the cancelled 10%. */
export const isCancelled = (i: number): boolean => i % 10 === 9;

/** What a round did. */
export interface Outcome {
  completed: number;
  cancelled: number;
  /** Sum of the values the completed operations returned (each returns its index i). */
  sum: number;
}

/** Runs operations [0, n) to the end on the loop it was made for. */
export type Soak = (n: number) => Promise<Outcome>;

function check(outcome: Outcome, n: number): void {
  let cancelled = 0;
  let sum = 0;
  for (let i = 0; i < n; i++) {
    if (isCancelled(i)) cancelled++;
    else sum += i;
  }
  const want: Outcome = { completed: n - cancelled, cancelled, sum };
  if (outcome.completed !== want.completed || outcome.cancelled !== want.cancelled || outcome.sum !== want.sum) {
    throw new Error(`wrong outcome ${JSON.stringify(outcome)}, expected ${JSON.stringify(want)}`);
  }
}

/** `makeSoak(loop)` builds a loop's soak (its queue or semaphore lives as long as the loop). */
export async function measureOps(system: string, makeSoak: (loop: EventLoop) => Soak): Promise<void> {
  const N = sizeFromArgs(1_000_000);
  let reports = 0;
  const { seconds, soaker, extra } = await runSoak(N, () => {
    const loop = new EventLoop();
    loop.setExceptionHandler(() => {
      reports++;
    });
    const soak = makeSoak(loop);
    return {
      run: async (ops: number) => check(await soak(ops), ops),
      close: () => loop.close(),
    };
  });
  soaker.close();
  if (reports !== 0) throw new Error(`the exception handler was called ${reports} times`);
  report({ workload: "soak-ops", system, n: N, seconds, extra: { ...extra, cancelledPercent: 10 } });
}
