// The demo page: the seed programs of packages/asyncio/examples (say_after in sequence and as
// tasks, cancel, gather, wait_for with a timeout) printing to the page, in both coroutine styles,
// and a WebWorkerExecutor drawing the Mandelbrot set strip by strip and counting primes, with each
// strip tinted by the worker that computed it. Everything comes from the umbrella, @aio/asyncio.
import {
  EventLoop,
  MessageChannelHost,
  WebWorkerExecutor,
  createTask,
  fromModule,
  gather,
  getRunningLoop,
  run,
  wrapFuture,
  type Clock,
  type Host,
} from "@aio/asyncio";
import { sequential, concurrent } from "../../../packages/asyncio/examples/say-after.ts";
import { example as cancel } from "../../../packages/asyncio/examples/cancel.ts";
import { example as gatherExample } from "../../../packages/asyncio/examples/gather.ts";
import { example as waitFor } from "../../../packages/asyncio/examples/wait-for.ts";
import { setWallClock, type Env, type Example } from "../../../packages/asyncio/examples/support.ts";

/** The seed programs sleep for seconds; their loops' clocks run this many times faster than real time. */
const SPEED = 10;
const EXAMPLES: Example[] = [sequential, concurrent, cancel, gatherExample, waitFor];

const $ = <T extends HTMLElement>(id: string): T => document.getElementById(id) as T;
const log = $<HTMLPreElement>("log");
const status = $<HTMLSpanElement>("status");

function print(line: string): void {
  log.textContent += `${line}\n`;
}

/** A loop on the page's default host, whose clock runs SPEED times faster (as `pnpm demo` does on Node). */
function demoLoop(): EventLoop {
  const t0 = performance.now();
  const clock: Clock = { now: () => ((performance.now() - t0) / 1000) * SPEED, resolution: 1e-6 * SPEED };
  const page = new MessageChannelHost();
  const host: Host = { request: (tick, ms) => page.request(tick, ms / SPEED), cancel: () => page.cancel() };
  const loop = new EventLoop({ clock, host });
  const now = new Date();
  setWallClock(loop, now.getHours() * 3600 + now.getMinutes() * 60 + now.getSeconds());
  return loop;
}

async function seeds(): Promise<void> {
  const env: Env = { print: (line) => print(`    ${line}`), loopFactory: demoLoop };
  const started = performance.now();
  let n = 0;
  for (const example of EXAMPLES) {
    print(`${++n}. ${example.title}`);
    for (const program of example.programs) {
      print(`  -- ${program.style === "generator" ? "generator coroutines" : "async functions"} --`);
      await program.run(env);
    }
    print("");
  }
  print(`All ${EXAMPLES.length} seed programs ran in both styles in ${((performance.now() - started) / 1000).toFixed(1)} s (clocks ${SPEED}x real time).`);
}

/** Counts the primes in [from, to): a function sent to the worker by its source. */
function countPrimes(from: number, to: number): { count: number; worker: string } {
  let count = 0;
  for (let n = Math.max(2, from); n < to; n++) {
    let prime = true;
    for (let d = 2; d * d <= n; d++) {
      if (n % d === 0) {
        prime = false;
        break;
      }
    }
    if (prime) count++;
  }
  return { count, worker: self.name };
}

const TINTS = ["#e4572e", "#17bebb", "#ffc914", "#76b041", "#9b5de5", "#f15bb5", "#00bbf9", "#fee440"];

async function workers(): Promise<void> {
  const canvas = $<HTMLCanvasElement>("mandelbrot");
  const ctx = canvas.getContext("2d")!;
  const { width, height } = canvas;
  const STRIP = 16;
  const maxWorkers = Math.max(2, Math.min(4, navigator.hardwareConcurrency || 2));
  const stats = new Map<string, { strips: number; jobs: number; primes: number }>();
  const stat = (worker: string) => stats.get(worker) ?? stats.set(worker, { strips: 0, jobs: 0, primes: 0 }).get(worker)!;
  const strip = fromModule<(w: number, h: number, y0: number, y1: number, it: number) => { pixels: Uint8ClampedArray; worker: string }>(
    new URL("jobs.js", document.baseURI),
    "mandelbrotStrip",
  );
  const started = performance.now();
  await using pool = new WebWorkerExecutor({ maxWorkers, name: "demo-worker" });
  await run(async () => {
    const loop = getRunningLoop();
    const tint = (worker: string): string => TINTS[(Number(worker.split("-").pop()) - 1) % TINTS.length]!;
    const strips = [];
    for (let y0 = 0; y0 < height; y0 += STRIP) {
      const y1 = Math.min(height, y0 + STRIP);
      strips.push(
        createTask(async () => {
          const { pixels, worker } = await loop.runInExecutor(pool, strip, width, height, y0, y1, 300);
          ctx.putImageData(new ImageData(pixels as Uint8ClampedArray<ArrayBuffer>, width, y1 - y0), 0, y0);
          ctx.fillStyle = tint(worker); // which worker drew this strip
          ctx.fillRect(0, y0, 6, y1 - y0);
          stat(worker).strips++;
        }),
      );
    }
    const ranges = Array.from({ length: 12 }, (_, i) => [i * 25_000, (i + 1) * 25_000] as const);
    const primes = ranges.map(([a, b]) => wrapFuture(pool.submit(countPrimes, a, b)));
    const [, counted] = await gather([gather(strips), gather(primes)]);
    for (const { count, worker } of counted) {
      stat(worker).jobs++;
      stat(worker).primes += count;
    }
    const total = counted.reduce((s, c) => s + c.count, 0);
    $("mandelbrot-note").textContent =
      `${Math.ceil(height / STRIP)} strips on ${stats.size} workers (the coloured edge says which), ` +
      `${total} primes below ${ranges.length * 25_000}, in ${(performance.now() - started).toFixed(0)} ms.`;
    const rows = [...stats].sort(([a], [b]) => a.localeCompare(b, "en", { numeric: true }));
    $("workers").querySelector("tbody")!.innerHTML = rows
      .map(([w, s]) => `<tr><td><span class="swatch" style="background:${tint(w)}"></span>${w}</td><td>${s.strips}</td><td>${s.jobs}</td><td>${s.primes}</td></tr>`)
      .join("");
  });
}

status.textContent = "running";
try {
  // One run() at a time: run() refuses to start while another loop of the page is running.
  await workers();
  await seeds();
  status.textContent = "done";
} catch (error) {
  status.textContent = `failed: ${error instanceof Error ? error.stack ?? error.message : String(error)}`;
  throw error;
}
