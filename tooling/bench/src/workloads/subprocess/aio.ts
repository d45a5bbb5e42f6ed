// subprocess row: @aio createSubprocessExec. Two measurements, one child per op:
// `cat` round trip of 64 KiB through communicate(), and `true` spawned and waited for.
import { run } from "@aio/loop";
import { PIPE, createSubprocessExec } from "@aio/subprocess";
import { WARMUP_RUNS, gc, now, report, sizeFromArgs } from "../../harness.mjs";

const N = sizeFromArgs(200);
const PAYLOAD = Buffer.alloc(64 * 1024, 0x61);

async function catRoundTrips(n: number): Promise<number> {
  const start = now();
  for (let i = 0; i < n; i++) {
    const proc = await createSubprocessExec("cat", [], { stdin: PIPE, stdout: PIPE });
    const [out] = await proc.communicate(PAYLOAD);
    if (out!.length !== PAYLOAD.length || proc.returncode !== 0) throw new Error("cat round trip lost bytes");
  }
  return now() - start;
}

async function trueSpawns(n: number): Promise<number> {
  const start = now();
  for (let i = 0; i < n; i++) {
    const proc = await createSubprocessExec("true", []);
    if ((await proc.wait()) !== 0) throw new Error("true failed");
  }
  return now() - start;
}

const [catSeconds, trueSeconds] = await run(async () => {
  for (let i = 0; i < WARMUP_RUNS; i++) {
    await catRoundTrips(Math.max(5, Math.floor(N / 10)));
    await trueSpawns(Math.max(5, Math.floor(N / 10)));
  }
  gc();
  const c = await catRoundTrips(N);
  gc();
  const t = await trueSpawns(N);
  return [c, t];
});
report({ workload: "subprocess", system: "aio", n: N, seconds: catSeconds, extra: { trueNsPerOp: (trueSeconds / N) * 1e9 } });
