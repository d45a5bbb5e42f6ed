// What `pnpm test` does first about system packages. Presence is checked for real (PATH, python3,
// dpkg); the apt-get runs are recorded instead of run, since installing is not a test's business.
import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { SYSTEM_PACKAGES, type Runner, type SystemPackage, ensureSystemPackages, isPresent, onPath } from "../src/system-deps.js";

const THERE: SystemPackage = { name: "nodejs", commands: ["node"], neededBy: "everything" };
const MISSING_A: SystemPackage = { name: "aio-test-missing-a", commands: ["aio-no-such-command-a"], neededBy: "test A" };
const MISSING_B: SystemPackage = { name: "aio-test-missing-b", pythonModule: "aio_no_such_module_b", neededBy: "test B" };

/** A runner that records apt-get calls (answering with `apt`) and runs everything else for real. */
function recording(apt: (args: readonly string[]) => number) {
  const calls: string[] = [];
  const real = (command: string, args: readonly string[]) => {
    const r = spawnSync(command, args, { encoding: "utf8" });
    return { status: r.error ? null : r.status, output: `${r.stdout ?? ""}${r.stderr ?? ""}` };
  };
  const run: Runner = (command, args, env) => {
    if (command !== "apt-get") return real(command, args);
    calls.push(`${env?.["DEBIAN_FRONTEND"] === "noninteractive" ? "" : "(interactive!) "}apt-get ${args.filter((a) => !a.startsWith("DPkg") && !a.startsWith("Acquire") && a !== "-o").join(" ")}`);
    return { status: apt(args), output: "E: Unable to locate package" };
  };
  return { run, calls };
}

describe("SYSTEM_PACKAGES", () => {
  it("lists the packages other tests need, each saying who needs it", () => {
    expect(SYSTEM_PACKAGES.map((p) => p.name)).toEqual(["redis-server", "chromium", "python3", "python3-uvloop"]);
    for (const p of SYSTEM_PACKAGES) {
      expect(p.neededBy).not.toBe("");
      expect((p.commands?.length ?? 0) + (p.pythonModule ? 1 : 0)).toBeGreaterThan(0);
    }
  });
});

describe("isPresent()", () => {
  it("finds a command on PATH, and misses a command or Python module that does not exist", () => {
    expect(onPath("node")).not.toBeNull();
    expect(isPresent(THERE)).toBe(true);
    expect(isPresent(MISSING_A)).toBe(false);
    expect(isPresent(MISSING_B)).toBe(false);
  });
});

describe("ensureSystemPackages()", () => {
  it("prints nothing and runs nothing when every package is present", () => {
    const { run, calls } = recording(() => 0);
    const lines: string[] = [];
    const result = ensureSystemPackages([THERE], { machine: { root: true, aptGet: true }, run, log: (l) => lines.push(l) });
    expect(result).toEqual({ missing: [], installed: [], failed: [] });
    expect(calls).toEqual([]);
    expect(lines).toEqual([]);
  });

  it("as root with apt-get: updates once, installs the missing ones together, one line per package", () => {
    const { run, calls } = recording(() => 0);
    const lines: string[] = [];
    const result = ensureSystemPackages([THERE, MISSING_A, MISSING_B], { machine: { root: true, aptGet: true }, run, log: (l) => lines.push(l) });
    expect(calls).toEqual([
      "apt-get update -qq",
      "apt-get install -y -qq --no-install-recommends aio-test-missing-a aio-test-missing-b",
    ]);
    expect(result).toEqual({ missing: ["aio-test-missing-a", "aio-test-missing-b"], installed: ["aio-test-missing-a", "aio-test-missing-b"], failed: [] });
    expect(lines).toEqual(["system-deps: installed aio-test-missing-a (for test A)", "system-deps: installed aio-test-missing-b (for test B)"]);
  });

  it("when installing them together fails, tries each alone and names the one that cannot be installed", () => {
    const { run, calls } = recording((args) => (args.includes("install") && args.includes("aio-test-missing-b") ? 100 : 0));
    const lines: string[] = [];
    const result = ensureSystemPackages([MISSING_A, MISSING_B], { machine: { root: true, aptGet: true }, run, log: (l) => lines.push(l) });
    expect(calls).toEqual([
      "apt-get update -qq",
      "apt-get install -y -qq --no-install-recommends aio-test-missing-a aio-test-missing-b",
      "apt-get install -y -qq --no-install-recommends aio-test-missing-a",
      "apt-get install -y -qq --no-install-recommends aio-test-missing-b",
    ]);
    expect(result.installed).toEqual(["aio-test-missing-a"]);
    expect(result.failed).toEqual(["aio-test-missing-b"]);
    expect(lines).toEqual([
      "system-deps: installed aio-test-missing-a (for test A)",
      "system-deps: could not install aio-test-missing-b (for test B): E: Unable to locate package",
    ]);
  });

  it("when not root, installs nothing and says what is missing and how to install it", () => {
    const { run, calls } = recording(() => 0);
    const lines: string[] = [];
    const result = ensureSystemPackages([THERE, MISSING_A], { machine: { root: false, aptGet: true }, run, log: (l) => lines.push(l) });
    expect(calls).toEqual([]);
    expect(result).toEqual({ missing: ["aio-test-missing-a"], installed: [], failed: [] });
    expect(lines).toEqual([
      "system-deps: missing aio-test-missing-a (test A).",
      "system-deps: not root, so not installing them; the tests that need them will fail and say so. " +
        "To install: sudo apt-get install -y --no-install-recommends aio-test-missing-a",
    ]);
  });
});
