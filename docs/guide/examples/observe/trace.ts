import { writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Queue, TimeoutError, TraceRecorder, createTask, currentTask, gather, run, sleep, timeout } from "@aio/asyncio";

// A crawler: three workers share a queue of pages (each page: how many ms it takes to fetch).
// A page that takes longer than a second is given up on.
async function main(): Promise<void> {
  currentTask()!.setName("main");
  const pages = new Queue<number>();
  for (const ms of [300, 100, 200, 2500, 100, 400, 200]) pages.putNowait(ms);
  const work = async (): Promise<number> => {
    let fetched = 0;
    while (!pages.empty()) {
      const ms = pages.getNowait();
      try {
        await timeout(1, () => sleep(ms / 1000)); // the sleep stands for the network
        fetched++;
      } catch (error) {
        if (!(error instanceof TimeoutError)) throw error;
      }
    }
    return fetched;
  };
  const counts = await gather([1, 2, 3].map((i) => createTask(work, { name: `worker-${i}` })));
  console.log(`fetched ${counts.reduce((a, b) => a + b)} pages, gave up on 1`);
}

const recorder = new TraceRecorder();
await run(main, { traceRecorder: recorder });

// Open the .json in https://ui.perfetto.dev (or chrome://tracing); the .svg in a browser.
const trace = recorder.toChromeTrace();
writeFileSync(join(tmpdir(), "crawl-trace.json"), JSON.stringify(trace));
writeFileSync(join(tmpdir(), "crawl-trace.svg"), recorder.toSvg({ title: "crawl: 3 workers, 7 pages" }));

// What the trace holds: a lane (thread) per task, a slice per step, an arrow per wake-up.
for (const lane of trace.traceEvents.filter((e) => e.ph === "M" && e.name === "thread_name")) {
  const steps = trace.traceEvents.filter((e) => e.ph === "B" && e.tid === lane.tid).length;
  console.log(`${String(lane.args!.name)}: ${steps} steps`);
}
console.log(`wake-ups: ${trace.traceEvents.filter((e) => e.ph === "s").length}`);
// Output:
// fetched 6 pages, gave up on 1
// main: 2 steps
// worker-1: 3 steps
// worker-2: 3 steps
// worker-3: 4 steps
// loop: callbacks and timers: 11 steps
// wake-ups: 22
