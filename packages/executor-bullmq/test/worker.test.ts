// The worker side: the aio-worker command (arguments, SIGTERM: finish, or hand the jobs back to
// the queue after --grace), and startWorker in this process.
import { spawnSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { fromModule } from "@aio/executor";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { BullMQExecutor, startWorker } from "../src/index.js";
import { startRedis, type RedisServer } from "./redis.js";
import { CLI, JOBS, PACKAGE_DIR, killWorkers, readLedger, spawnWorker, tempDir, until } from "./workers.js";

type Jobs = typeof import("./fixtures/jobs.mjs");
const ledgerJob = fromModule<Jobs["ledgerJob"]>(JOBS, "ledgerJob");

let redis: RedisServer;
const scratch = tempDir();
let file = 0;
const path = (name: string): string => join(scratch.dir, `${name}-${++file}`);
let queue = 0;
const freshQueue = (): string => `worker-test-${++queue}`;

beforeAll(async () => {
  redis = await startRedis();
});
afterEach(async () => {
  await killWorkers();
});
afterAll(async () => {
  await redis.stop();
  scratch.remove();
});

function cli(args: string[]): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, [CLI, ...args], { cwd: PACKAGE_DIR, encoding: "utf8", timeout: 20_000 });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe("aio-worker arguments", () => {
  it("prints its usage with --help", () => {
    const { status, stdout } = cli(["--help"]);
    expect(status).toBe(0);
    expect(stdout).toMatch(/^usage: aio-worker --redis URL \[--queue NAME\] \[--concurrency N\] \[--pool thread\|process\|inline\]/);
  });

  it("refuses a missing --redis, an unknown flag and a flag without its value, with exit code 2", () => {
    for (const [args, message] of [
      [[], "aio-worker: --redis URL is required"],
      [["--redis", redis.url, "--fast"], 'aio-worker: unknown argument "--fast"'],
      [["--redis", redis.url, "--queue"], "aio-worker: --queue needs a value"],
      [["--redis", redis.url, "--concurrency", "many"], 'aio-worker: --concurrency: expected a number, got "many"'],
    ] as const) {
      const { status, stderr } = cli([...args]);
      expect(status, args.join(" ")).toBe(2);
      expect(stderr.split("\n")[0]).toBe(message);
    }
  });

  it("refuses bad values with the option's name, with exit code 1", () => {
    const { status, stderr } = cli(["--redis", redis.url, "--pool", "fibers"]);
    expect(status).toBe(1);
    expect(stderr.trim()).toBe('aio-worker: startWorker(pool): expected "thread", "process" or "inline", got "fibers" (string)');
    const zero = cli(["--redis", redis.url, "--concurrency", "0"]);
    expect(zero.stderr.trim()).toBe("aio-worker: startWorker(concurrency): expected an integer > 0, got 0 (number)");
  });
});

describe("aio-worker on SIGTERM", () => {
  it("stops taking jobs, finishes the running one and exits 0", async () => {
    const q = freshQueue();
    const worker = await spawnWorker(redis.url, ["--queue", q, "--pool", "thread", "--concurrency", "1"]);
    await using ex = new BullMQExecutor({ connection: redis.url, queue: q });
    const ledger = path("ledger");
    const gate = path("gate");
    const running = ex.submit(ledgerJob, ledger, "running", 0, gate);
    const queued = ex.submit(ledgerJob, ledger, "queued", 0, null);
    await until(() => readLedger(ledger).length === 1, 10, "the job to start");
    worker.kill("SIGTERM");
    await until(() => worker.output().includes("SIGTERM: finishing 1 running job(s)"), 10, "the worker to say so");
    writeFileSync(gate, "");
    expect(await running).toBe("running");
    expect(await worker.exited).toEqual({ code: 0, signal: null });
    expect(queued.done()).toBe(false); // still in Redis, for the next worker
    await spawnWorker(redis.url, ["--queue", q, "--pool", "inline"]);
    expect(await queued).toBe("queued");
  });

  it("hands a job that runs past --grace back to the queue, where another worker runs it (not a lost run)", async () => {
    const q = freshQueue();
    const first = await spawnWorker(redis.url, ["--queue", q, "--pool", "inline", "--concurrency", "1", "--grace", "0.2"]);
    await using ex = new BullMQExecutor({ connection: redis.url, queue: q }); // attempts: 1
    const ledger = path("ledger");
    const gate = path("gate");
    const cf = ex.submit(ledgerJob, ledger, "long", 0, gate);
    await until(() => readLedger(ledger).length === 1, 10, "the job to start");
    first.kill("SIGTERM");
    expect(await first.exited).toEqual({ code: 0, signal: null });
    expect(cf.done()).toBe(false);
    const second = await spawnWorker(redis.url, ["--queue", q, "--pool", "inline", "--concurrency", "1"]);
    await until(() => readLedger(ledger).length === 3, 10, "the job to start again");
    writeFileSync(gate, "");
    expect(await cf).toBe("long");
    expect(readLedger(ledger).map((e) => `${e.event} ${e.pid === first.pid ? "first" : e.pid === second.pid ? "second" : e.pid}`)).toEqual([
      "start first", "aborted first", "start second", "done second",
    ]);
  });

  it("hands the jobs back at once on a second SIGTERM", async () => {
    const q = freshQueue();
    const worker = await spawnWorker(redis.url, ["--queue", q, "--pool", "thread", "--concurrency", "2"]);
    await using ex = new BullMQExecutor({ connection: redis.url, queue: q });
    const ledger = path("ledger");
    const gate = path("gate");
    const futures = ["a", "b"].map((id) => ex.submit(ledgerJob, ledger, id, 0, gate));
    await until(() => readLedger(ledger).length === 2, 10, "both jobs to start");
    worker.kill("SIGTERM");
    await until(() => worker.output().includes("finishing 2 running job(s)"), 10, "the first signal to be handled");
    worker.kill("SIGTERM");
    expect(await worker.exited).toEqual({ code: 0, signal: null });
    writeFileSync(gate, "");
    await spawnWorker(redis.url, ["--queue", q, "--pool", "inline", "--concurrency", "2"]);
    expect(await Promise.all(futures)).toEqual(["a", "b"]);
  });
});

describe("startWorker() in this process", () => {
  it("serves a queue until closed", async () => {
    const q = freshQueue();
    await using worker = await startWorker({ connection: redis.url, queue: q, concurrency: 2, pool: "inline" });
    expect([worker.queue, worker.concurrency, worker.pool, worker.running]).toEqual([q, 2, "inline", 0]);
    await using ex = new BullMQExecutor({ connection: { host: "127.0.0.1", port: redis.port }, queue: q });
    expect(await ex.submit(() => process.pid)).toBe(process.pid);
  });

  it("refuses bad options, naming them", async () => {
    const url = redis.url;
    await expect(startWorker(undefined as never)).rejects.toThrow(new TypeError("startWorker(options): expected an options object with a connection, got undefined"));
    await expect(startWorker({ connection: url, workers: 2 } as never)).rejects.toThrow(/startWorker\(options\): unknown option "workers"/);
    await expect(startWorker({ connection: 6379 as never })).rejects.toThrow(
      new TypeError("startWorker(connection): expected a redis:// URL or ioredis options ({ host, port, … }), got 6379 (number)"),
    );
    await expect(startWorker({ connection: "http://localhost" })).rejects.toThrow(
      new TypeError('startWorker(connection): expected a redis:// or rediss:// URL, got "http://localhost" (string)'),
    );
    await expect(startWorker({ connection: url, concurrency: 1.5 })).rejects.toThrow(new RangeError("startWorker(concurrency): expected an integer > 0, got 1.5 (number)"));
    await expect(startWorker({ connection: url, queue: "a:b" })).rejects.toThrow(new RangeError('startWorker(queue): a queue name cannot contain ":", got "a:b" (string)'));
    await expect(startWorker({ connection: url, lockDuration: 0 })).rejects.toThrow(
      new RangeError("startWorker(lockDuration): expected a number of seconds above 0, at most 2147483, got 0 (number)"),
    );
    await expect(startWorker({ connection: url, pool: "threads" as never })).rejects.toThrow(TypeError);
  });
});
