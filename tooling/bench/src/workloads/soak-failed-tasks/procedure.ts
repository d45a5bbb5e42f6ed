// The soak-failed-tasks procedure shared by its two scripts (generator and async-function tasks):
// fire-and-forget tasks that each throw at once and that nobody awaits, created BATCH per loop
// iteration on an EventLoop whose exception handler only counts reports, in the rounds of runSoak()
// (../soak.ts): a first round of N tasks and a measured round of N more on one loop. After each
// round the loop is left open and idle and the script collects garbage several times with host
// turns in between (FinalizationRegistry callbacks need them) before reading the heap.
//
// Reported: steady-state heap growth per 100k tasks (measured round), the same for the first round
// on the fresh loop (one-off costs included: a table that grows to the largest number of failed
// futures awaiting collection shows there), how many of the measured tasks the collector reported
// as "exception was never retrieved" before the loop closed (extra.reports, target: all N) and how
// many the loop's close() reported after that (extra.reportsAtClose). No task may be reported twice.
import { EventLoop } from "@aio/loop";
import { report, sizeFromArgs } from "../../harness.mjs";
import { runSoak, type Phase, type Soaker } from "../soak.js";

/** Tasks created per loop iteration. */
export const BATCH = 1_000;

/**
 * Runs `n` tasks on `loop` that fail with `new Error(message)`, BATCH per iteration, keeping no
 * reference to any of them, and returns once all have failed.
 */
export type SpawnFailing = (loop: EventLoop, n: number, message: string) => Promise<void>;

const NEVER_RETRIEVED = "exception was never retrieved";

class FailedTasksSoak implements Soaker {
  readonly loop = new EventLoop();
  /** "never retrieved" reports per phase (the error message is the phase), and any other report. */
  readonly reports = new Map<string, number>();
  other = 0;

  constructor(private readonly spawn: SpawnFailing) {
    this.loop.setExceptionHandler((_loop, context) => {
      const e = context.exception;
      if (context.message.endsWith(NEVER_RETRIEVED) && e instanceof Error) {
        this.reports.set(e.message, (this.reports.get(e.message) ?? 0) + 1);
      } else {
        this.other++;
      }
    });
  }

  count(phase: Phase): number {
    return this.reports.get(phase) ?? 0;
  }

  run(ops: number, phase: Phase): Promise<void> {
    return this.spawn(this.loop, ops, phase);
  }

  close(): void {
    this.loop.close();
  }
}

export async function measureFailedTasks(system: string, spawn: SpawnFailing): Promise<void> {
  const N = sizeFromArgs(200_000);
  const { seconds, soaker, extra } = await runSoak(N, () => new FailedTasksSoak(spawn));
  const reports = soaker.count("measured");
  const firstRoundReports = soaker.count("first round");
  soaker.close();
  const reportsAtClose = soaker.count("measured") - reports;
  for (const [phase, count] of soaker.reports) {
    if (count > N) throw new Error(`${count} "never retrieved" reports for ${N} failed tasks (${phase})`);
  }
  report({
    workload: "soak-failed-tasks",
    system,
    n: N,
    seconds,
    extra: {
      ...extra,
      reports,
      reportsAtClose,
      reportedFraction: reports / N,
      firstRoundReports,
      otherReports: soaker.other,
    },
  });
}
