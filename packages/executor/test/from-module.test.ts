import { pathToFileURL } from "node:url";
import { describe, expect, it } from "vitest";
import { fromModule, jobSignal } from "../src/index.js";
import { processes, threads } from "./helpers.js";

const jobs = new URL("./fixtures/jobs.mjs", import.meta.url);

describe("fromModule()", () => {
  it("makes a task that carries an absolute URL and the export name", () => {
    const task = fromModule(jobs, "triple");
    expect([task.moduleUrl, task.exportName]).toEqual([jobs.href, "triple"]);
    expect(fromModule(jobs).exportName).toBe("default");
    expect(fromModule(jobs.pathname, "triple").moduleUrl).toBe(jobs.href);
    expect(fromModule("./x.js").moduleUrl).toBe(pathToFileURL(`${process.cwd()}/x.js`).href);
  });

  it("refuses a bare package name and an empty export name, saying why", () => {
    expect(() => fromModule("lodash", "map")).toThrow(/"lodash" is a bare module name.*import\.meta\.resolve\("lodash"\)/);
    expect(() => fromModule(jobs, "")).toThrow(new TypeError('fromModule(exportName): expected a non-empty string, got "" (string)'));
  });

  it("runs the export in this thread when called directly", async () => {
    await expect(fromModule<(x: number) => number>(jobs, "triple")(2)).resolves.toBe(6);
  });
});

describe.each([threads, processes])("fromModule() tasks on $name", (kind) => {
  it("run the export in a worker, which may use its module's variables", async () => {
    const pool = kind.create({ maxWorkers: 1 });
    await expect(pool.submit(fromModule<(x: number) => number>(jobs, "triple"), 5)).resolves.toBe(15);
    await expect(pool.submit(fromModule<(n: string) => string>(jobs), "aio")).resolves.toBe("hello aio");
  });

  it("fail the future when the export is not a function", async () => {
    const pool = kind.create({ maxWorkers: 1 });
    await expect(pool.submit(fromModule(jobs, "notAFunction"))).rejects.toThrow(/has no function export "notAFunction" \(got number\)/);
  });

  it("fail the future when the module cannot be imported", async () => {
    const pool = kind.create({ maxWorkers: 1 });
    await expect(pool.submit(fromModule(new URL("./fixtures/missing.mjs", import.meta.url)))).rejects.toThrow(/Cannot find module/);
  });

  it("see their abort through jobSignal() imported from the package", async () => {
    const pool = kind.create({ maxWorkers: 1, cancelGracePeriod: 30 });
    const job = pool.submit(fromModule(jobs, "waitForAbort"));
    expect(job.running()).toBe(true);
    job.abort(new Error("enough"));
    // The worker is free again only once the job saw the abort and returned.
    await expect(pool.submit(() => "next")).resolves.toBe("next");
  });
});

describe("jobSignal()", () => {
  it("throws outside a job", () => {
    expect(() => jobSignal()).toThrow("jobSignal(): not inside a job running in an executor worker");
  });
});
