// The aio-trace command: runs a TypeScript program with every loop traced, writes the trace.
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { ChromeTrace } from "@aio/trace";
import { main, parseArgs } from "../src/cli.js";
import { checkWellFormed, slicesByThread, traceProblems } from "./helpers.js";

const here = dirname(fileURLToPath(import.meta.url));
const repo = resolve(here, "../../..");
// The fixture imports @aio/asyncio: map it to the sources, as `pnpm example` does.
const tsconfig = join(repo, "docs/guide/examples/tsconfig.json");
const fixture = join(here, "fixtures/busy.ts");

const dirs: string[] = [];
afterEach(() => {
  vi.restoreAllMocks();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function tempDir(): string {
  const d = mkdtempSync(join(tmpdir(), "aio-trace-cli-"));
  dirs.push(d);
  return d;
}

describe("aio-trace", () => {
  it("runs the program and writes <out>.json (a valid trace) and <out>.svg; the exit code is the program's", async () => {
    const out = join(tempDir(), "run");
    const code = await main(["--tsconfig", tsconfig, "--out", out, "--title", "busy.ts", fixture, "3"], repo);
    expect(code).toBe(3);
    const trace = JSON.parse(readFileSync(`${out}.json`, "utf8")) as ChromeTrace;
    expect(traceProblems(trace)).toEqual([]);
    const lanes = [...slicesByThread(trace).keys()];
    for (const w of ["worker-1", "worker-2", "worker-3"]) expect(lanes).toContain(w);
    const svg = readFileSync(`${out}.svg`, "utf8");
    checkWellFormed(svg);
    expect(svg).toContain(">busy.ts</text>");
  }, 60_000);

  it("says how to use it when the arguments are wrong (exit code 2)", async () => {
    const err: string[] = [];
    vi.spyOn(process.stderr, "write").mockImplementation((chunk: string | Uint8Array) => {
      err.push(String(chunk));
      return true;
    });
    expect(await main([])).toBe(2);
    expect(await main(["--capacity", "none", "x.ts"])).toBe(2);
    expect(await main(["--frobnicate", "x.ts"])).toBe(2);
    expect(err[0]).toMatch(/^usage: aio-trace /);
    expect(err[1]).toBe("aio-trace: --capacity expects a positive integer, got none\n");
    expect(err[2]).toMatch(/^aio-trace: unknown option --frobnicate/);
  });

  it("reads options before the program and passes the rest to it", () => {
    expect(parseArgs(["-o", "t", "--capacity", "2048", "prog.ts", "--out", "x"])).toEqual({
      out: "t",
      capacity: 2048,
      tsconfig: null,
      title: null,
      program: "prog.ts",
      args: ["--out", "x"],
    });
    expect(parseArgs(["--", "--odd-name.ts"]).program).toBe("--odd-name.ts");
  });
});
