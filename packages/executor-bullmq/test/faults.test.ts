// Faults with real processes: a worker killed with SIGKILL in the middle of its jobs (a ledger
// proves that every job completed once or failed once, by the retry policy), and Redis going away
// (every pending future fails with a clear error, nothing hangs, the executor is broken) or coming
// back empty (the lost jobs' futures fail, the executor carries on).
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { fromModule } from "@aio/executor";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { BrokenBullMQExecutor, BullMQExecutor, WorkerLostError } from "../src/index.js";
import { startRedis, type RedisServer } from "./redis.js";
import { JOBS, killWorkers, readLedger, spawnWorker, tempDir, until } from "./workers.js";

type Jobs = typeof import("./fixtures/jobs.mjs");
const ledgerJob = fromModule<Jobs["ledgerJob"]>(JOBS, "ledgerJob");

const scratch = tempDir();
let file = 0;
const path = (name: string): string => join(scratch.dir, `${name}-${++file}`);
const servers: RedisServer[] = [];
const executors: BullMQExecutor[] = [];

afterEach(async () => {
  await Promise.all(executors.splice(0).map((executor) => executor.shutdown({ cancelFutures: true })));
  await killWorkers();
  await Promise.all(servers.splice(0).map((server) => server.stop()));
});
afterAll(() => scratch.remove());

async function redis(port?: number): Promise<RedisServer> {
  const server = await startRedis(port === undefined ? {} : { port });
  servers.push(server);
  return server;
}

// Short locks so that BullMQ notices a dead worker's jobs within a second or two.
const FAST_STALLS = ["--lock-duration", "1", "--stalled-interval", "0.5"];

describe("a worker killed with SIGKILL mid-job", () => {
  for (const attempts of [1, 2]) {
    it(`with attempts: ${attempts}, every job ${attempts === 1 ? "completes once or fails once with WorkerLostError" : "completes exactly once"}`, async () => {
      const server = await redis();
      const [a, b] = await Promise.all([0, 1].map(() => spawnWorker(server.url, ["--pool", "inline", "--concurrency", "2", ...FAST_STALLS])));
      const ex = new BullMQExecutor({ connection: server.url, jobOptions: { attempts } });
      executors.push(ex);
      const ledger = path("ledger");
      const gate = path("gate");
      const ids = Array.from({ length: 8 }, (_, i) => `job${i}`);
      const futures = ids.map((id) => ex.submit(ledgerJob, ledger, id, 0, gate));
      // Both workers hold two jobs each, blocked at the gate; four wait in Redis.
      await until(() => new Set(readLedger(ledger).map((e) => e.pid)).size === 2 && readLedger(ledger).length === 4, 10, "four jobs to start");
      const killed = readLedger(ledger).filter((e) => e.pid === a!.pid).map((e) => e.id);
      expect(killed).toHaveLength(2);
      a!.kill("SIGKILL");
      await a!.exited;
      writeFileSync(gate, "");
      const outcomes = await Promise.allSettled(futures);

      const entries = readLedger(ledger);
      const done = (id: string): number => entries.filter((e) => e.event === "done" && e.id === id).length;
      for (const [i, id] of ids.entries()) {
        const outcome = outcomes[i]!;
        expect(done(id), `${id} ran to the end at most once`).toBeLessThanOrEqual(1);
        if (outcome.status === "fulfilled") {
          expect(outcome.value).toBe(id);
          expect(done(id), `${id} completed once`).toBe(1);
        } else {
          expect(outcome.reason).toBeInstanceOf(WorkerLostError);
          expect((outcome.reason as Error).message).toMatch(/stopped \(killed, crashed or unresponsive.*no attempts left \(attempts: 1\)/);
          expect(done(id)).toBe(0);
        }
      }
      const failed = ids.filter((_, i) => outcomes[i]!.status === "rejected");
      if (attempts === 1) {
        expect(failed.sort()).toEqual([...killed].sort());
      } else {
        expect(failed).toEqual([]);
        // The killed worker's jobs ran again on the other one.
        for (const id of killed) expect(entries.filter((e) => e.event === "start" && e.id === id).map((e) => e.pid)).toEqual([a!.pid, b!.pid]);
      }
    }, 30_000);
  }
});

describe("Redis going away", () => {
  it("fails every pending future with BrokenBullMQExecutor after reconnectTimeout, and breaks the executor", async () => {
    const server = await redis();
    await spawnWorker(server.url, ["--pool", "inline", "--concurrency", "2"]);
    const ex = new BullMQExecutor({ connection: server.url, reconnectTimeout: 1 });
    executors.push(ex);
    const ledger = path("ledger");
    const gate = path("gate");
    const futures = ["a", "b", "c", "d"].map((id) => ex.submit(ledgerJob, ledger, id, 0, gate));
    await until(() => readLedger(ledger).length === 2 && futures.filter((f) => f.running()).length === 2, 10, "two jobs to run");
    const stoppedAt = Date.now();
    await server.stop({ kill: true });
    const outcomes = await Promise.allSettled(futures);
    const elapsed = (Date.now() - stoppedAt) / 1000;
    expect(elapsed).toBeLessThan(10); // no hang: about reconnectTimeout
    for (const outcome of outcomes) {
      expect(outcome.status).toBe("rejected");
      const error = (outcome as PromiseRejectedResult).reason as Error;
      expect(error).toBeInstanceOf(BrokenBullMQExecutor);
      expect(error.message).toBe(
        `The connection to Redis at redis://127.0.0.1:${server.port} was lost and did not come back within 1 s while the future was pending or running`,
      );
      expect(error.cause).toBeInstanceOf(Error);
    }
    expect(() => ex.submit(() => 1)).toThrow(BrokenBullMQExecutor);
    expect(() => ex.submit(() => 1)).toThrow(/did not come back within 1 s, the executor is not usable anymore \(BullMQExecutor.submit\(\)\)/);
    expect(() => ex.map((x: number) => x, [1])).toThrow(BrokenBullMQExecutor);
    expect(String(ex)).toMatch(/^<BullMQExecutor broken /);
    await ex.shutdown(); // resolves on a broken executor too
  }, 30_000);

  it("breaks an executor that never reaches Redis", async () => {
    const server = await redis();
    await server.stop();
    const ex = new BullMQExecutor({ connection: server.url, reconnectTimeout: 0.5 });
    executors.push(ex);
    await expect(ex.submit(() => 1)).rejects.toBeInstanceOf(BrokenBullMQExecutor);
    expect(() => ex.submit(() => 1)).toThrow(BrokenBullMQExecutor);
  });

  it("when Redis comes back without its data in time: the lost jobs' futures fail, the executor carries on", async () => {
    const server = await redis();
    await spawnWorker(server.url, ["--pool", "inline", "--concurrency", "1"]);
    const ex = new BullMQExecutor({ connection: server.url, reconnectTimeout: 20 });
    executors.push(ex);
    const ledger = path("ledger");
    const gate = path("gate");
    const running = ex.submit(ledgerJob, ledger, "running", 0, gate);
    const queued = ex.submit(ledgerJob, ledger, "queued", 0, null);
    await until(() => readLedger(ledger).length === 1 && running.running(), 10, "the first job to run");
    await server.stop({ kill: true });
    servers.push(await startRedis({ port: server.port }));
    const error = await queued.then(() => null, (e: unknown) => e as Error);
    expect(error?.message).toMatch(/^BullMQExecutor: job \S+ is no longer in Redis after the connection came back \(was Redis restarted without its data\?\)$/);
    expect(error).not.toBeInstanceOf(BrokenBullMQExecutor);
    writeFileSync(gate, "");
    expect(await ex.submit((x: number) => x * 2, 21)).toBe(42);
  }, 30_000);
});
