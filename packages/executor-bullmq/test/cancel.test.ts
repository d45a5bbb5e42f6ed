// Cancellation with the local pools' semantics, through Redis: a queued job is removed and never
// runs; a running job's jobSignal() is aborted in the worker process that runs it; the future ends
// cancelled. And shutdown with jobs still queued.
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { CancelledError, getRunningLoop, type Coroutine } from "@aio/core";
import { fromModule } from "@aio/executor";
import { run } from "@aio/loop";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Queue } from "bullmq";
import { BullMQExecutor, type WorkerPoolKind } from "../src/index.js";
import { startRedis, type RedisServer } from "./redis.js";
import { JOBS, killWorkers, readLedger, spawnWorker, tempDir, until } from "./workers.js";

type Jobs = typeof import("./fixtures/jobs.mjs");
const ledgerJob = fromModule<Jobs["ledgerJob"]>(JOBS, "ledgerJob");
const untilAborted = fromModule<Jobs["untilAborted"]>(JOBS, "untilAborted");

let redis: RedisServer;
const scratch = tempDir();
let file = 0;
const path = (name: string): string => join(scratch.dir, `${name}-${++file}`);

/**
 * Waits until no job waits in `queue`: a cancellation reaches Redis a round trip after cancel()
 * returns (a worker that takes the job in that moment runs it with its signal aborted).
 */
async function cancellationsLanded(queue: string): Promise<void> {
  const q = new Queue(queue, { connection: { host: "127.0.0.1", port: redis.port } });
  try {
    for (let i = 0; i < 500 && (await q.getWaitingCount()) > 0; i++) await new Promise((r) => setTimeout(r, 10));
    expect(await q.getWaitingCount()).toBe(0);
  } finally {
    await q.close();
  }
}

beforeAll(async () => {
  redis = await startRedis();
  // One job at a time per queue, so that the second job of a test stays queued behind the first.
  await Promise.all((["inline", "thread", "process"] as const).map((pool) => spawnWorker(redis.url, ["--queue", pool, "--pool", pool, "--concurrency", "1"])));
}, 30_000);

afterAll(async () => {
  await killWorkers();
  await redis.stop();
  scratch.remove();
});

describe.each(["inline", "thread", "process"] as const)("with --pool %s", (pool: WorkerPoolKind) => {
  it("cancel() of a queued job removes it: it never runs, and its future is cancelled", async () => {
    await using ex = new BullMQExecutor({ connection: redis.url, queue: pool });
    const ledger = path("ledger");
    const gate = path("gate");
    const first = ex.submit(ledgerJob, ledger, "first", 0, gate);
    await until(() => readLedger(ledger).length === 1, 10, "the first job to start");
    const second = ex.submit(ledgerJob, ledger, "second", 0, null);
    await new Promise((r) => setTimeout(r, 50)); // it is in Redis now, waiting behind the first
    expect(second.running()).toBe(false);
    expect(second.cancel()).toBe(true);
    expect(second.cancelled()).toBe(true);
    await expect(second).rejects.toBeInstanceOf(CancelledError);
    await cancellationsLanded(pool);
    writeFileSync(gate, "");
    expect(await first).toBe("first");
    // A third job runs after the first: by then the second would have run, had it not been removed.
    expect(await ex.submit(ledgerJob, ledger, "third", 0, null)).toBe("third");
    expect(readLedger(ledger).map((e) => `${e.event} ${e.id}`)).toEqual(["start first", "done first", "start third", "done third"]);
  });

  it("abort() of a running job aborts its jobSignal() in the worker, and the future ends cancelled", async () => {
    await using ex = new BullMQExecutor({ connection: redis.url, queue: pool });
    const out = path("aborted");
    const cf = ex.submit(untilAborted, out);
    await until(() => existsSync(`${out}.started`) && cf.running(), 10, "the job to start");
    expect(cf.cancel()).toBe(false); // running: cancel() cannot stop it, as in concurrent.futures
    expect(cf.abort(new CancelledError("stop now"))).toBe(true);
    expect(cf.cancelled()).toBe(true);
    await until(() => existsSync(out), 10, "the job to see its signal");
    expect(readFileSync(out, "utf8")).toBe("CancelledError: stop now");
    // The worker is free again.
    expect(await ex.submit((x: number) => x + 1, 1)).toBe(2);
  });
});

describe("cancellation through the loop", () => {
  it("cancelling the task that awaits runInExecutor aborts the running job (async-function task)", async () => {
    await using ex = new BullMQExecutor({ connection: redis.url, queue: "thread" });
    const out = path("loop-await");
    const outcome = await run(async () => {
      const loop = getRunningLoop();
      const task = loop.createTask(async () => loop.runInExecutor(ex, untilAborted, out));
      while (!existsSync(`${out}.started`)) await new Promise((r) => setTimeout(r, 5));
      await new Promise((r) => setTimeout(r, 50)); // the executor has heard that the job is running
      task.cancel();
      try {
        await task;
        return "finished";
      } catch (error) {
        return error instanceof CancelledError ? "cancelled" : String(error);
      }
    });
    expect(outcome).toBe("cancelled");
    await until(() => existsSync(out), 10, "the job to see its signal");
    expect(readFileSync(out, "utf8")).toMatch(/^CancelledError/);
  });

  it("cancelling the task that awaits runInExecutor aborts the running job (generator task)", async () => {
    await using ex = new BullMQExecutor({ connection: redis.url, queue: "inline" });
    const out = path("loop-yield");
    const outcome = await run(async () => {
      const loop = getRunningLoop();
      const task = loop.createTask(function* (): Coroutine<string> {
        return yield* loop.runInExecutor(ex, untilAborted, out);
      });
      while (!existsSync(`${out}.started`)) await new Promise((r) => setTimeout(r, 5));
      await new Promise((r) => setTimeout(r, 50));
      task.cancel();
      try {
        await task;
        return "finished";
      } catch (error) {
        return error instanceof CancelledError ? "cancelled" : String(error);
      }
    });
    expect(outcome).toBe("cancelled");
    await until(() => existsSync(out), 10, "the job to see its signal");
  });

  it("leaving map() early cancels the jobs that have not started", async () => {
    await using ex = new BullMQExecutor({ connection: redis.url, queue: "inline" });
    const ledger = path("map");
    const seen: string[] = [];
    for await (const id of ex.map(ledgerJob, [ledger, ledger, ledger, ledger, ledger], ["a", "b", "c", "d", "e"], [30, 30, 30, 30, 30], [null, null, null, null, null])) {
      seen.push(id);
      if (id === "b") break;
    }
    expect(seen).toEqual(["a", "b"]);
    await new Promise((r) => setTimeout(r, 200));
    const started = readLedger(ledger).filter((e) => e.event === "start").map((e) => e.id);
    // "c" may have been taken while "b" was reported; "d" and "e" never run.
    expect(started.slice(0, 2)).toEqual(["a", "b"]);
    expect(started).not.toContain("d");
    expect(started).not.toContain("e");
  });
});

describe("shutdown", () => {
  it("with cancelFutures: the queued jobs are cancelled and never run, the running one finishes", async () => {
    const ex = new BullMQExecutor({ connection: redis.url, queue: "thread" });
    const ledger = path("shutdown");
    const gate = path("gate");
    const futures = ["a", "b", "c", "d"].map((id) => ex.submit(ledgerJob, ledger, id, 0, id === "a" ? gate : null));
    await until(() => readLedger(ledger).length === 1 && futures[0]!.running(), 10, "the first job to start");
    const closed = ex.shutdown({ cancelFutures: true });
    expect(futures.map((f) => f.cancelled())).toEqual([false, true, true, true]);
    expect(() => ex.submit(() => 1)).toThrow(new Error("cannot schedule new futures after shutdown (BullMQExecutor.submit())"));
    await cancellationsLanded("thread");
    writeFileSync(gate, "");
    await closed;
    expect(await futures[0]).toBe("a");
    await using other = new BullMQExecutor({ connection: redis.url, queue: "thread" });
    expect(await other.submit(ledgerJob, ledger, "after", 0, null)).toBe("after");
    expect(readLedger(ledger).map((e) => `${e.event} ${e.id}`)).toEqual(["start a", "done a", "start after", "done after"]);
  });

  it("without cancelFutures: waits for every queued job", async () => {
    const ex = new BullMQExecutor({ connection: redis.url, queue: "inline" });
    const ledger = path("shutdown-wait");
    const futures = ["a", "b", "c"].map((id) => ex.submit(ledgerJob, ledger, id, 20, null));
    await ex.shutdown();
    expect(futures.every((f) => f.done())).toBe(true);
    expect(await Promise.all(futures)).toEqual(["a", "b", "c"]);
  });

  it("with wait: false resolves at once; the jobs still complete", async () => {
    const ex = new BullMQExecutor({ connection: redis.url, queue: "inline" });
    const cf = ex.submit(async () => {
      await new Promise((r) => setTimeout(r, 100));
      return "late";
    });
    await ex.shutdown({ wait: false });
    expect(cf.done()).toBe(false);
    expect(await cf).toBe("late");
  });

  it("refuses bad options, naming them", async () => {
    await using ex = new BullMQExecutor({ connection: redis.url, queue: "inline" });
    expect(() => ex.shutdown({ wait: "yes" } as never)).toThrow(new TypeError('BullMQExecutor.shutdown(wait): expected a boolean, got "yes" (string)'));
    expect(() => ex.shutdown({ cancel_futures: true } as never)).toThrow(/unknown option "cancel_futures"/);
  });
});
