// subprocess row: plain node:child_process, the same two measurements as aio.ts with promises.
// A .ts file so that it runs with the same tsx loader as aio.ts: fork() costs more in a bigger
// process, and both rows should start their children from processes of the same size.
import { spawn } from "node:child_process";
import { WARMUP_RUNS, gc, now, report, sizeFromArgs } from "../../harness.mjs";

const N = sizeFromArgs(200);
const PAYLOAD = Buffer.alloc(64 * 1024, 0x61);

/** spawn + write all of stdin + read all of stdout + wait for the exit ('close'). */
function catOnce(): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn("cat", [], { stdio: ["pipe", "pipe", "inherit"] });
    const chunks: Buffer[] = [];
    child.stdout.on("data", (chunk: Buffer) => chunks.push(chunk));
    child.on("error", reject);
    child.on("close", (code) => {
      const out = Buffer.concat(chunks);
      if (out.length !== PAYLOAD.length || code !== 0) reject(new Error("cat round trip lost bytes"));
      else resolve();
    });
    child.stdin.end(PAYLOAD);
  });
}

function trueOnce(): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn("true", [], { stdio: "inherit" });
    child.on("error", reject);
    child.on("exit", (code) => (code === 0 ? resolve() : reject(new Error("true failed"))));
  });
}

async function measure(fn: () => Promise<void>, n: number): Promise<number> {
  const start = now();
  for (let i = 0; i < n; i++) await fn();
  return now() - start;
}

for (let i = 0; i < WARMUP_RUNS; i++) {
  await measure(catOnce, Math.max(5, Math.floor(N / 10)));
  await measure(trueOnce, Math.max(5, Math.floor(N / 10)));
}
gc();
const catSeconds = await measure(catOnce, N);
gc();
const trueSeconds = await measure(trueOnce, N);
report({ workload: "subprocess", system: "child-process", n: N, seconds: catSeconds, extra: { trueNsPerOp: (trueSeconds / N) * 1e9 } });
