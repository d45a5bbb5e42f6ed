// The system packages some tests and benchmarks run for real (a Redis server, a browser, CPython's
// uvloop), installed by `pnpm test` itself so that the README's test command is all the set-up:
//
//   - each package of SYSTEM_PACKAGES counts as present when dpkg says it is installed, or when one
//     of its commands is on PATH (or its Python module imports), however it got there;
//   - when some are missing and we are root on a machine with apt-get: `apt-get update` once, then
//     `apt-get install -y --no-install-recommends` of the missing ones, one line printed per package
//     installed (or not installable);
//   - when not root (or no apt-get): one note naming what is missing and the command that installs
//     it. Nothing fails here: the tests that need a missing package fail themselves, saying so.
// Nothing is printed when everything is present.
//
//   tsx tooling/scripts/src/system-deps.ts      (what `pnpm test` runs first, on its own)
import { spawnSync } from "node:child_process";
import { accessSync, constants } from "node:fs";
import { delimiter, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

/** A Debian package that some tests or benchmarks need. */
export interface SystemPackage {
  /** The Debian package name. */
  name: string;
  /** Commands the package provides: any one on PATH counts as present. */
  commands?: readonly string[];
  /** A Python module the package provides: present when `python3 -c "import <it>"` works. */
  pythonModule?: string;
  /** Who needs it, for the messages. */
  neededBy: string;
}

/** Every system package the repository's tests and benchmarks use: the one list to extend. */
export const SYSTEM_PACKAGES: readonly SystemPackage[] = [
  { name: "redis-server", commands: ["redis-server"], neededBy: "the @aio/executor-bullmq tests (a real Redis)" },
  { name: "chromium", commands: ["chromium", "chromium-browser"], neededBy: "the browser tests (tooling/browser)" },
  { name: "python3", commands: ["python3"], neededBy: "the CPython rows of the benchmarks and the @aio/streams interop tests" },
  { name: "python3-uvloop", pythonModule: "uvloop", neededBy: "the uvloop rows of the benchmarks" },
];

/** Runs a command to completion; what the install steps need from the system. */
export type Runner = (command: string, args: readonly string[], env?: NodeJS.ProcessEnv) => { status: number | null; output: string };

/** The real runner (output captured: apt-get's chatter is not shown). */
export const runCommand: Runner = (command, args, env = process.env) => {
  const result = spawnSync(command, args, { encoding: "utf8", env, timeout: 15 * 60_000, maxBuffer: 64 * 1024 * 1024 });
  if (result.error) return { status: null, output: result.error.message };
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
};

/** The path of an executable `command` on PATH, or null. */
export function onPath(command: string, path = process.env["PATH"] ?? ""): string | null {
  for (const dir of path.split(delimiter)) {
    if (dir === "") continue;
    const candidate = join(dir, command);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not here
    }
  }
  return null;
}

/** True when dpkg knows the package as installed. */
export function dpkgInstalled(name: string, run: Runner = runCommand): boolean {
  if (onPath("dpkg-query") === null) return false;
  const { status, output } = run("dpkg-query", ["-W", "-f=${Status}", name]);
  return status === 0 && output.includes("install ok installed");
}

/** True when the package is installed or what it provides is there anyway. */
export function isPresent(pkg: SystemPackage, run: Runner = runCommand): boolean {
  if (pkg.commands?.some((c) => onPath(c) !== null)) return true;
  if (pkg.pythonModule !== undefined && onPath("python3") !== null && run("python3", ["-c", `import ${pkg.pythonModule}`]).status === 0) {
    return true;
  }
  return dpkgInstalled(pkg.name, run);
}

/** What the machine allows: installing as root with apt-get, or only telling. */
export interface Machine {
  root: boolean;
  aptGet: boolean;
}

export function thisMachine(): Machine {
  return { root: process.platform !== "win32" && process.getuid?.() === 0, aptGet: onPath("apt-get") !== null };
}

/** What ensureSystemPackages() did. */
export interface SystemDepsResult {
  missing: string[];
  installed: string[];
  failed: string[];
}

const APT_ENV = { DEBIAN_FRONTEND: "noninteractive" };
// Wait for another apt-get (another run, another user) instead of failing on its lock.
const APT_OPTIONS = ["-o", "DPkg::Lock::Timeout=300", "-o", "Acquire::Retries=2"];

const lastLines = (text: string, n = 2): string => text.trim().split("\n").slice(-n).join(" | ");

/**
 * Installs the missing packages when it can (root, apt-get), else prints what is missing.
 * Prints nothing when every package is present.
 */
export function ensureSystemPackages(
  packages: readonly SystemPackage[] = SYSTEM_PACKAGES,
  { machine = thisMachine(), run = runCommand, log = (line: string) => console.log(line) }: {
    machine?: Machine;
    run?: Runner;
    log?: (line: string) => void;
  } = {},
): SystemDepsResult {
  const missing = packages.filter((p) => !isPresent(p, run));
  const result: SystemDepsResult = { missing: missing.map((p) => p.name), installed: [], failed: [] };
  if (missing.length === 0) return result;
  const names = missing.map((p) => p.name);
  if (!machine.root || !machine.aptGet) {
    const why = machine.aptGet ? "not root" : "no apt-get on this machine";
    log(`system-deps: missing ${missing.map((p) => `${p.name} (${p.neededBy})`).join(", ")}.`);
    log(
      `system-deps: ${why}, so not installing them; the tests that need them will fail and say so. ` +
        `To install: sudo apt-get install -y --no-install-recommends ${names.join(" ")}`,
    );
    return result;
  }
  const env = { ...process.env, ...APT_ENV };
  const update = run("apt-get", [...APT_OPTIONS, "update", "-qq"], env);
  if (update.status !== 0) log(`system-deps: apt-get update failed (${lastLines(update.output)}); installing from the current package lists`);
  // All at once (one dpkg run); when that fails, one by one, so one unavailable package does not keep the others out.
  const together = run("apt-get", [...APT_OPTIONS, "install", "-y", "-qq", "--no-install-recommends", ...names], env);
  for (const pkg of missing) {
    let outcome = together;
    if (together.status !== 0 && !isPresent(pkg, run)) {
      outcome = run("apt-get", [...APT_OPTIONS, "install", "-y", "-qq", "--no-install-recommends", pkg.name], env);
    }
    if (outcome.status === 0 || isPresent(pkg, run)) {
      result.installed.push(pkg.name);
      log(`system-deps: installed ${pkg.name} (for ${pkg.neededBy})`);
    } else {
      result.failed.push(pkg.name);
      log(`system-deps: could not install ${pkg.name} (for ${pkg.neededBy}): ${lastLines(outcome.output)}`);
    }
  }
  return result;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) ensureSystemPackages();
