// What every example shares: how it prints, which loop it runs on, and the clock it shows.
//
// Each example is a program of the seeds, written twice: with async functions (`async`, `await`),
// and with generator coroutines (`function*`, `yield*`). A program prints through `env.print` and
// makes its loops with `env.loopFactory`, so the tests can run it on a TestLoop and read its lines.
import { getRunningLoop, type EventLoop } from "@aio/asyncio";

/** Where an example writes its lines. */
export type Print = (line: string) => void;

/** What a program is given: how to print, and how to make the loop(s) it runs on. */
export interface Env {
  print: Print;
  loopFactory: () => EventLoop;
}

/** One way of writing a program. */
export interface Program {
  style: "async function" | "generator";
  run(env: Env): Promise<void>;
}

/** A program of the seeds, in both styles. */
export interface Example {
  /** The heading the demo prints. */
  title: string;
  /** What the reader should notice. */
  lesson: string;
  programs: Program[];
}

// The wall-clock time (seconds since midnight) at which each loop's time 0 falls. The demo sets it
// for its loops; a TestLoop has none, so a test sees the clock start at 00:00:00.
const wallAtZero = new WeakMap<object, number>();

/** Says that `loop.time() === 0` happened at `secondsSinceMidnight` on the wall clock. */
export function setWallClock(loop: object, secondsSinceMidnight: number): void {
  wallAtZero.set(loop, secondsSinceMidnight);
}

/** The running loop's time as a wall-clock time, `HH:MM:SS` (Python's `time.strftime('%X')`). */
export function clockTime(): string {
  const loop = getRunningLoop();
  const t = Math.floor((wallAtZero.get(loop) ?? 0) + loop.time() + 1e-9) % 86_400;
  const two = (n: number): string => String(n).padStart(2, "0");
  return `${two(Math.floor(t / 3600))}:${two(Math.floor(t / 60) % 60)}:${two(t % 60)}`;
}
