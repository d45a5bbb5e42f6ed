// `pnpm demo`: runs small asyncio programs from Python tutorials (the seeds), ported to @aio, and
// prints what they print. Each is written with async functions (the usual style) and again with
// generator coroutines (the zero-allocation style); both print the same lines.
//
// Time: the seeds show wall-clock timings (say_after in sequence takes 3 s, as tasks 2 s). Running
// them all on real time would take about half a minute, so each program runs on a real event loop
// whose clock goes SPEED times faster than real time (default 10; AIO_DEMO_SPEED=1 runs on real
// time). The programs keep the seeds' numbers — sleep(1) is one second of the loop's clock — and
// the times they print ("started at 17:13:52") are the loop's clock, so they read like the seeds'.
import { performance } from "node:perf_hooks";
import { EventLoop, NodeHost, type Clock, type Host } from "@aio/asyncio";
import { examples } from "./index.js";
import { setWallClock, type Env } from "./support.js";

const SPEED = Number(process.env.AIO_DEMO_SPEED ?? 10);
if (!(SPEED > 0)) throw new RangeError(`AIO_DEMO_SPEED: expected a number > 0, got ${process.env.AIO_DEMO_SPEED}`);

/**
 * A real-time loop whose clock runs SPEED times faster, starting at 0 and shown as the time of day.
 * A loop asks its host to wake it after (deadline - now) of its own seconds, so the host shortens
 * each wait by the same factor.
 */
function demoLoop(): EventLoop {
  const t0 = performance.now();
  const clock: Clock = { now: () => ((performance.now() - t0) / 1000) * SPEED, resolution: 1e-6 * SPEED };
  const node = new NodeHost();
  const host: Host = {
    request: (tick, delayMs) => node.request(tick, delayMs / SPEED),
    cancel: () => node.cancel(),
  };
  const loop = new EventLoop({ clock, host });
  const now = new Date();
  setWallClock(loop, now.getHours() * 3600 + now.getMinutes() * 60 + now.getSeconds());
  return loop;
}

const env: Env = {
  print: (line) => console.log(`    ${line}`),
  loopFactory: demoLoop,
};

const started = performance.now();
console.log(
  `@aio demo: small asyncio programs from Python tutorials, ported to TypeScript. Each runs twice:\n` +
    `with async functions (the usual style), then with generator coroutines (the zero-allocation style).\n` +
    (SPEED === 1 ? "Timings are real time.\n" : `The loops' clocks run ${SPEED}x faster than real time (AIO_DEMO_SPEED=1 for real time).\n`),
);
const LABELS: Record<string, string> = { "async function": "async functions", generator: "generator coroutines" };
let n = 0;
for (const example of examples) {
  console.log(`${++n}. ${example.title}`);
  console.log(`   ${example.lesson}`);
  for (const program of example.programs) {
    console.log(`  -- ${LABELS[program.style] ?? program.style} --`);
    await program.run(env);
  }
  console.log("");
}
console.log(`All ${examples.length} programs ran in both styles in ${((performance.now() - started) / 1000).toFixed(1)} s of real time.`);
