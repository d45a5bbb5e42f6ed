// ping-pong, browser row: page/aio-async.ts run in a fresh headless Chromium (see @aio/tooling-browser's
// bench-page.ts), warmed up and measured there; this prints the result line.
import { runPageBench } from "@aio/tooling-browser/bench";
import { report, sizeFromArgs } from "../../harness.mjs";

const N = sizeFromArgs(100_000);
const seconds = await runPageBench(new URL("./page/aio-async.ts", import.meta.url), N, { quick: process.argv.includes("--quick") });
report({ workload: "ping-pong-chromium", system: "aio-async", n: N, seconds });
