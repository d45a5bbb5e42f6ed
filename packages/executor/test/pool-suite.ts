// The behaviour both executors share, run once with threads and once with processes.
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { CancelledError } from "@aio/core";
import { describe, expect, it, vi } from "vitest";
import { cooperative, gated, marker, scratch, stubborn, workerId, type PoolKind } from "./helpers.js";

export function describePool(kind: PoolKind): void {
  const { name, Broken } = kind;

  describe(`${name}.submit()`, () => {
    it("runs the function in a worker with the arguments and resolves with its value", async () => {
      const pool = kind.create({ maxWorkers: 1 });
      const future = pool.submit((a: number, b: { n: number }) => a + b.n, 1, { n: 2 });
      await expect(future).resolves.toBe(3);
      expect(future.done()).toBe(true);
      expect(await pool.submit(workerId)).not.toBe(workerId());
    });

    it("awaits an async job", async () => {
      const pool = kind.create({ maxWorkers: 1 });
      const job = async (x: number) => {
        await new Promise((resolve) => setTimeout(resolve, 1));
        return x * 2;
      };
      await expect(pool.submit(job, 21)).resolves.toBe(42);
    });

    it("fails only the job's own future, with the worker's name, message, stack and fields", async () => {
      const pool = kind.create({ maxWorkers: 1 });
      const before = await pool.submit(workerId);
      const failing = pool.submit(function explode(code: string) {
        const error = new RangeError(`boom ${code}`);
        Object.assign(error, { code });
        throw error;
      }, "E1");
      const error = (await failing.then(() => null, (e: unknown) => e)) as RangeError & { code: string };
      expect(error).toBeInstanceOf(RangeError);
      expect([error.name, error.message, error.code]).toEqual(["RangeError", "boom E1", "E1"]);
      expect(error.stack).toMatch(/^RangeError: boom E1\n\s+at explode/);
      expect(failing.exception()).toBe(error);
      expect(await pool.submit(workerId)).toBe(before);
    });

    it("refuses a function that uses an outer variable, naming it, before queueing anything", () => {
      const pool = kind.create({ maxWorkers: 1 });
      const offset = 10;
      expect(() => pool.submit((x: number) => x + offset, 1)).toThrow(
        new RegExp(`^${name}\\.submit\\(fn\\): fn uses "offset", defined outside its body`),
      );
      expect(String(pool)).toContain("workers=0 busy=0 queued=0");
    });

    it("fails the future with a clear error when an argument cannot be cloned, and keeps going", async () => {
      const pool = kind.create({ maxWorkers: 1 });
      const future = pool.submit((f: unknown) => typeof f, () => 1);
      await expect(future).rejects.toThrow(/the job could not be sent to the worker: .*could not be cloned/);
      expect(future.exception()).toBeInstanceOf(TypeError);
      await expect(pool.submit(() => "still fine")).resolves.toBe("still fine");
    });

    it("fails the future with a clear error when the result cannot be cloned", async () => {
      const pool = kind.create({ maxWorkers: 1 });
      await expect(pool.submit(() => () => 1)).rejects.toThrow(/the job's result could not be sent back from the worker/);
      await expect(pool.submit(() => 2)).resolves.toBe(2);
    });

    it("throws after shutdown", async () => {
      const pool = kind.create({ maxWorkers: 1 });
      await pool.shutdown();
      expect(() => pool.submit(() => 1)).toThrow(/^cannot schedule new futures after shutdown/);
    });
  });

  describe(`${name} cancellation`, () => {
    it("cancels a queued job, which then never runs, and the queue goes on", async () => {
      // A runs (blocked on its gate) on the only worker; B and C wait in the queue; B is cancelled.
      const s = scratch();
      const pool = kind.create({ maxWorkers: 1 });
      const a = pool.submit(gated, s.dir, "a");
      const b = pool.submit(marker, s.dir, "b");
      const c = pool.submit(marker, s.dir, "c");
      await s.started("a");
      expect([a.running(), b.running()]).toEqual([true, false]);
      expect(b.cancel()).toBe(true);
      expect(a.cancel()).toBe(false);
      s.open("a");
      expect([await a, await c]).toEqual(["a", "c"]);
      await expect(b).rejects.toBeInstanceOf(CancelledError);
      expect([s.has("b.ran"), s.has("c.ran")]).toEqual([false, true]);
    });

    it("aborts a running job through its jobSignal(), and the worker takes the next job without being replaced", async () => {
      const s = scratch();
      const pool = kind.create({ maxWorkers: 1, cancelGracePeriod: 30 });
      const first = await pool.submit(workerId);
      const job = pool.submit(cooperative, s.dir, "job");
      const next = pool.submit(workerId);
      await s.started("job");
      expect(job.abort(new Error("user gave up"))).toBe(true);
      expect(job.cancelled()).toBe(true);
      await expect(job).rejects.toBeInstanceOf(CancelledError);
      expect(await next).toBe(first);
      expect(s.read("job.aborted")).toBe("user gave up");
    });

    it("replaces a worker whose aborted job ignores its signal, after the grace period, without breaking the pool", async () => {
      const s = scratch();
      const pool = kind.create({ maxWorkers: 1, cancelGracePeriod: 0.02 });
      const first = await pool.submit(workerId);
      const job = pool.submit(stubborn, s.dir, "job");
      const next = pool.submit(workerId);
      await s.started("job");
      expect(job.abort()).toBe(true);
      const second = await next;
      expect(second).not.toBe(first);
      await expect(pool.submit(() => "alive")).resolves.toBe("alive");
    });
  });

  describe(`${name} when a worker dies`, () => {
    it("fails the running and queued futures with the Broken error, and refuses later submits", async () => {
      const pool = kind.create({ maxWorkers: 1 });
      const dying = pool.submit(() => process.exit(3));
      const queued = pool.submit(() => 1);
      const error = await dying.then(() => null, (e: unknown) => e);
      expect(error).toBeInstanceOf(Broken);
      expect((error as Error).message).toMatch(/terminated abruptly while the future was running or pending/);
      expect(String((error as Error).cause)).toMatch(/exited with code 3/);
      await expect(queued).rejects.toBeInstanceOf(Broken);
      expect(() => pool.submit(() => 1)).toThrow(Broken);
      expect(() => pool.submit(() => 1)).toThrow(/not usable anymore/);
      await expect(pool.shutdown()).resolves.toBeUndefined();
    });

    it("breaks the pool when an error is thrown outside any job", async () => {
      const pool = kind.create({ maxWorkers: 1 });
      // A child process that dies of an uncaught error prints it on the stderr it shares with the
      // test run, where it would read like a failure: the job closes that child's stderr first.
      // (A worker thread's error goes to the pool only; its fd 2 is the test run's own.)
      const job = (ownStderr: boolean) => {
        setTimeout(() => {
          if (ownStderr) require("node:fs").closeSync(2);
          throw new Error("thrown later, outside the job");
        }, 1);
        return "returned";
      };
      await expect(pool.submit(job, name === "ProcessPoolExecutor")).resolves.toBe("returned");
      await vi.waitFor(() => expect(() => pool.submit(() => 1)).toThrow(Broken), { timeout: 5000, interval: 5 });
    });
  });

  describe(`${name}.shutdown()`, () => {
    it("waits for running and queued jobs, then resolves; calling it again also resolves", async () => {
      const s = scratch();
      const pool = kind.create({ maxWorkers: 1 });
      const a = pool.submit(gated, s.dir, "a");
      const b = pool.submit(marker, s.dir, "b");
      await s.started("a");
      let closed = false;
      const shutdown = pool.shutdown().then(() => (closed = true));
      await new Promise((resolve) => setTimeout(resolve, 5));
      expect(closed).toBe(false);
      s.open("a");
      await shutdown;
      expect([a.result(), b.result()]).toEqual(["a", "b"]);
      await expect(pool.shutdown()).resolves.toBeUndefined();
    });

    it("cancels queued jobs with cancelFutures, and lets the running one finish", async () => {
      const s = scratch();
      const pool = kind.create({ maxWorkers: 1 });
      const a = pool.submit(gated, s.dir, "a");
      const b = pool.submit(marker, s.dir, "b");
      await s.started("a");
      const shutdown = pool.shutdown({ cancelFutures: true });
      expect(b.cancelled()).toBe(true);
      s.open("a");
      await shutdown;
      expect(a.result()).toBe("a");
      expect(s.has("b.ran")).toBe(false);
    });

    it("returns at once with wait: false, while the jobs still finish", async () => {
      const s = scratch();
      const pool = kind.create({ maxWorkers: 1 });
      const a = pool.submit(gated, s.dir, "a");
      await s.started("a");
      await pool.shutdown({ wait: false });
      expect(a.done()).toBe(false);
      s.open("a");
      await expect(a).resolves.toBe("a");
    });

    it("is what `await using` calls at the end of the block", async () => {
      let escaped: { submit(fn: () => number): unknown } | null = null;
      {
        await using pool = kind.create({ maxWorkers: 1 });
        escaped = pool;
        expect(await pool.submit(() => 5)).toBe(5);
      }
      expect(() => escaped?.submit(() => 1)).toThrow(/cannot schedule new futures after shutdown/);
    });
  });

  describe(`${name}.start()`, () => {
    it("starts every worker up front and resolves when they are ready", async () => {
      const pool = kind.create({ maxWorkers: 2 });
      expect(String(pool)).toContain("workers=0");
      await pool.start();
      expect(String(pool)).toContain("workers=2 busy=0 queued=0");
      const s = scratch();
      const ids = [pool.submit(gated, s.dir, "a"), pool.submit(gated, s.dir, "b")];
      await s.started("a");
      await s.started("b");
      s.open("a");
      s.open("b");
      expect(await Promise.all(ids)).toEqual(["a", "b"]);
    });
  });

  describe(`${name} and the life of the process`, () => {
    it("lets a program exit while the pool is idle, and keeps it alive while shutdown() waits", async () => {
      // A separate Node program on the built package: it must print both lines and end by itself.
      const script = `
        import { ${name} } from ${JSON.stringify(new URL("../dist/index.js", import.meta.url).href)};
        const idle = new ${name}({ maxWorkers: 1 });
        console.log(await idle.submit(() => 6 * 7));
        const busy = new ${name}({ maxWorkers: 1 });
        const late = busy.submit(async () => { await new Promise((r) => setTimeout(r, 20)); return "late"; });
        await busy.shutdown();
        console.log(late.result());
      `;
      const run = promisify(execFile)(process.execPath, ["--input-type=module", "-e", script], { timeout: 8000 });
      await expect(run).resolves.toMatchObject({ stdout: "42\nlate\n" });
    });
  });
}
