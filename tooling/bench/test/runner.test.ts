import { describe, expect, it } from "vitest";
import { commandFor, parseResultLine, runScript, sizeFor, stderrSummary, type RunContext } from "../src/runner.js";
import type { SystemDef, WorkloadDef } from "../src/types.js";

const expected = { workload: "w", system: "s" };
const line = (o: Record<string, unknown>): string =>
  JSON.stringify({ workload: "w", system: "s", n: 10, seconds: 0.5, nsPerOp: 5e7, peakRssBytes: 1, ...o });

describe("parseResultLine()", () => {
  it("reads the last non-empty line, ignoring earlier output", () => {
    expect(parseResultLine(`warming up\n${line({})}\n\n`, expected).seconds).toBe(0.5);
  });
  it("refuses output without a line", () => {
    expect(() => parseResultLine("", expected)).toThrow("printed no result line");
  });
  it("refuses a line that is not JSON", () => {
    expect(() => parseResultLine("done", expected)).toThrow("not JSON");
  });
  it("refuses a result for another workload or system", () => {
    expect(() => parseResultLine(line({ system: "t" }), expected)).toThrow("expected w/s");
  });
  it("refuses a non-positive n and non-finite seconds", () => {
    expect(() => parseResultLine(line({ n: 0 }), expected)).toThrow("bad n");
    expect(() => parseResultLine(line({ seconds: null }), expected)).toThrow("bad seconds");
  });
});

const workload: WorkloadDef = { id: "call-soon", title: "", op: "op", n: 1000, quickN: 10, metrics: [], systems: [], targets: [] };
const ctx = (over: Partial<RunContext> = {}): RunContext => ({
  quick: false,
  built: new Set(["core", "future", "task", "loop"]),
  pythons: { preferred: { executable: "/py313", version: "3.13.0" }, path: { executable: "python3", version: "3.11.7" } },
  ...over,
});

describe("commandFor()", () => {
  it("skips an @aio row whose packages are not built, naming them", () => {
    const sys: SystemDef = { id: "aio", label: "", file: "aio.ts", requires: ["loop", "queue"] };
    expect(commandFor(workload, sys, ctx())).toEqual({ skip: "@aio/queue not built" });
  });
  it("runs TypeScript through tsx with --expose-gc and passes the size", () => {
    const cmd = commandFor(workload, { id: "aio", label: "", file: "aio.ts", requires: ["loop"] }, ctx());
    expect("args" in cmd && cmd.args.slice(0, 3)).toEqual(["--expose-gc", "--import", "tsx"]);
    expect("args" in cmd && cmd.args.slice(-2)).toEqual(["--n", "1000"]);
  });
  it("uses the preferred interpreter for the CPython row, and --quick sizes in quick mode", () => {
    const cmd = commandFor(workload, { id: "cpython", label: "", file: "cpython.py", python: "preferred" }, ctx({ quick: true }));
    expect("command" in cmd && cmd.command).toBe("/py313");
    expect("args" in cmd && cmd.args.slice(-3)).toEqual(["--n", "10", "--quick"]);
  });
  it("skips the CPython rows with a note when python3 is missing", () => {
    const sys: SystemDef = { id: "cpython", label: "", file: "cpython.py", python: "preferred" };
    expect(commandFor(workload, sys, ctx({ pythons: {} }))).toEqual({ skip: "python3 not found" });
  });
  it("skips full-only rows in quick mode", () => {
    const sys: SystemDef = { id: "x", label: "", file: "cpython.py", python: "path", fullOnly: true };
    expect(commandFor(workload, sys, ctx({ quick: true }))).toEqual({ skip: "full runs only" });
  });
});

describe("sizeFor()", () => {
  it("prefers a row's own size over the workload's", () => {
    const sys: SystemDef = { id: "x", label: "", file: "x.mjs", n: 50, quickN: 5 };
    expect(sizeFor(workload, sys, false)).toBe(50);
    expect(sizeFor(workload, sys, true)).toBe(5);
    expect(sizeFor(workload, { id: "y", label: "", file: "y.mjs" }, true)).toBe(10);
  });
});

describe("runScript()", () => {
  const node = (code: string) => ({ command: process.execPath, args: ["-e", code] });

  it("returns the parsed line of a script that succeeds", async () => {
    const out = await runScript(node(`console.log(${JSON.stringify(line({}))})`), expected, 10);
    expect(out.ok && out.result.nsPerOp).toBe(5e7);
  });
  it("reports the exit code and the end of stderr of a script that fails", async () => {
    const out = await runScript(node(`console.error("boom"); process.exit(3)`), expected, 10);
    expect(!out.ok && out.error).toBe("exit 3: boom");
  });
  it("explains exit 13, a top-level await that never settled", async () => {
    const out = await runScript({ command: process.execPath, args: ["--input-type=module", "-e", "await new Promise(() => {})"] }, expected, 10);
    expect(!out.ok && out.error).toContain("top-level await never settled");
  });
  it("kills a script that runs past its time limit", async () => {
    const out = await runScript(node("setInterval(() => {}, 1000)"), expected, 0.3);
    expect(!out.ok && out.error).toBe("timed out after 0.3 s");
  });
});

describe("stderrSummary()", () => {
  it("keeps the error lines of a Node crash and drops its stack frames and banner", () => {
    const err = "file:///x.mjs:3\n    foo(\n    ^\n\nSyntaxError: Unexpected token\n    at ModuleLoader.moduleStrategy (node:internal)\n    at async x\n\nNode.js v20.20.2\n";
    expect(stderrSummary(err)).toBe("file:///x.mjs:3 |     foo( | SyntaxError: Unexpected token");
  });
  it("drops the lone brackets that close a printed error object", () => {
    expect(stderrSummary("Error: boom {\n  code: 'E_X'\n}\n")).toBe("Error: boom { |   code: 'E_X'");
  });
  it("keeps the last line of a Python traceback", () => {
    expect(stderrSummary('Traceback (most recent call last):\n  File "a.py", line 1\nAssertionError: wrong sum 3\n')).toContain("AssertionError: wrong sum 3");
  });
});
