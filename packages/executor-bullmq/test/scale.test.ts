// 10,000 small jobs through one executor and four worker processes: every result correct, in
// order, and spread over all four workers.
import { afterAll, beforeAll, expect, it } from "vitest";
import { BullMQExecutor } from "../src/index.js";
import { startRedis, type RedisServer } from "./redis.js";
import { killWorkers, spawnWorker, type WorkerProcess } from "./workers.js";

let redis: RedisServer;
let workers: WorkerProcess[];

beforeAll(async () => {
  redis = await startRedis();
  workers = await Promise.all([0, 1, 2, 3].map(() => spawnWorker(redis.url, ["--pool", "inline", "--concurrency", "8"])));
}, 30_000);

afterAll(async () => {
  await killWorkers();
  await redis.stop();
});

it("runs 10k small jobs on 4 worker processes, all correct", async () => {
  await using ex = new BullMQExecutor({ connection: redis.url });
  const n = 10_000;
  const inputs = Array.from({ length: n }, (_, i) => i);
  const results: [number, number][] = [];
  for await (const pair of ex.map((i: number) => [i * i, process.pid] as [number, number], inputs)) results.push(pair);
  expect(results).toHaveLength(n);
  for (let i = 0; i < n; i++) {
    if (results[i]![0] !== i * i) throw new Error(`job ${i} returned ${results[i]![0]}`);
  }
  const pids = new Set(results.map(([, pid]) => pid));
  expect([...pids].sort()).toEqual(workers.map((w) => w.pid).sort());
}, 120_000);
