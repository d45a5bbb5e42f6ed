// The in-page test runner: vitest's describe/it/hooks API over a plain tree, run in order, one test
// at a time, with the outcome of each test published on `window.__aio` for the Node side to read.
import { restoreAllMocks } from "@vitest/spy";

type Fn = () => unknown;

interface TestCase {
  kind: "test";
  name: string;
  fn: Fn | null; // null: skipped or todo
  timeout: number;
}

interface Suite {
  kind: "suite";
  name: string;
  skip: boolean;
  children: (Suite | TestCase)[];
  beforeAll: Fn[];
  afterAll: Fn[];
  beforeEach: Fn[];
  afterEach: Fn[];
}

/** One test's outcome, as the Node side reads it. */
export interface PageResult {
  file: string;
  name: string;
  state: "pass" | "fail" | "skip";
  /** Why it failed (the error), or why it was skipped. */
  error?: string;
  ms: number;
}

/** Full test names (`describe > it`) that cannot run on a page, with the reason. */
let skipped: Readonly<Record<string, string>> = {};

/** Sets the tests to report as skipped instead of running them. */
export function skipTests(names: Readonly<Record<string, string>>): void {
  skipped = names;
}

const DEFAULT_TIMEOUT = 10_000;

function newSuite(name: string, skip = false): Suite {
  return { kind: "suite", name, skip, children: [], beforeAll: [], afterAll: [], beforeEach: [], afterEach: [] };
}

let root = newSuite("");
let currentSuite = root;
let currentFile = "";
const files: { file: string; suite: Suite }[] = [];

/** Starts collecting the tests of `file` (called by the generated entry before importing it). */
export function beginFile(file: string): void {
  currentFile = file;
  root = newSuite("");
  currentSuite = root;
  files.push({ file, suite: root });
}

// ---------------------------------------------------------------- the vitest-shaped API

/** vitest's printf-style titles: %s %d %i %f %j %o %%, and $name for object rows. */
function format(title: string, args: unknown[]): string {
  let i = 0;
  const text = title.replace(/%[sdifjoO%]/g, (token) => {
    if (token === "%%") return "%";
    const value = args[i++];
    if (token === "%j" || token === "%o" || token === "%O") return safeJson(value);
    if (token === "%d" || token === "%i") return String(Math.trunc(Number(value)));
    if (token === "%f") return String(Number(value));
    return typeof value === "string" ? value : typeof value === "object" && value !== null ? safeJson(value) : String(value);
  });
  const row = args[0];
  if (args.length === 1 && row !== null && typeof row === "object") {
    return text.replace(/\$([A-Za-z_][\w.]*)/g, (_m, key: string) => {
      const value = key.split(".").reduce<unknown>((o, k) => (o as Record<string, unknown> | undefined)?.[k], row);
      return typeof value === "string" ? value : safeJson(value);
    });
  }
  return text;
}

function safeJson(value: unknown): string {
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}

function addTest(name: string, a?: unknown, b?: unknown, skip = false): void {
  let fn: Fn | undefined;
  let timeout = DEFAULT_TIMEOUT;
  if (typeof a === "function") {
    fn = a as Fn;
    if (typeof b === "number") timeout = b;
    else if (b !== null && typeof b === "object" && typeof (b as { timeout?: number }).timeout === "number") timeout = (b as { timeout: number }).timeout;
  } else if (typeof b === "function") {
    fn = b as Fn;
    if (typeof a === "number") timeout = a;
    else if (a !== null && typeof a === "object" && typeof (a as { timeout?: number }).timeout === "number") timeout = (a as { timeout: number }).timeout;
  }
  currentSuite.children.push({ kind: "test", name, fn: skip || fn === undefined ? null : fn, timeout });
}

function addSuite(name: string, body: (() => void) | undefined, skip = false): void {
  const suite = newSuite(name, skip || currentSuite.skip);
  currentSuite.children.push(suite);
  const parent = currentSuite;
  currentSuite = suite;
  try {
    body?.();
  } finally {
    currentSuite = parent;
  }
}

type TestFn = ((name: string, a?: unknown, b?: unknown) => void) & {
  skip: (name: string, a?: unknown, b?: unknown) => void;
  todo: (name: string) => void;
  only: (name: string, a?: unknown, b?: unknown) => void;
  each: (table: readonly unknown[]) => (title: string, fn: (...args: unknown[]) => unknown, timeout?: number) => void;
  skipIf: (condition: unknown) => (name: string, a?: unknown, b?: unknown) => void;
  runIf: (condition: unknown) => (name: string, a?: unknown, b?: unknown) => void;
};

function each(register: (name: string, fn: Fn, timeout?: number) => void) {
  return (table: readonly unknown[]) => (title: string, fn: (...args: unknown[]) => unknown, timeout?: number) => {
    for (const row of table) {
      const args = Array.isArray(row) ? row : [row];
      register(format(title, args), () => fn(...args), timeout);
    }
  };
}

export const it: TestFn = Object.assign((name: string, a?: unknown, b?: unknown) => addTest(name, a, b), {
  skip: (name: string, a?: unknown, b?: unknown) => addTest(name, a, b, true),
  todo: (name: string) => addTest(name, undefined, undefined, true),
  only: (name: string, a?: unknown, b?: unknown) => addTest(name, a, b),
  each: each((name, fn, timeout) => addTest(name, fn, timeout)),
  skipIf: (condition: unknown) => (name: string, a?: unknown, b?: unknown) => addTest(name, a, b, Boolean(condition)),
  runIf: (condition: unknown) => (name: string, a?: unknown, b?: unknown) => addTest(name, a, b, !condition),
});
export const test = it;

type SuiteFn = ((name: string, body?: () => void) => void) & {
  skip: (name: string, body?: () => void) => void;
  only: (name: string, body?: () => void) => void;
  each: (table: readonly unknown[]) => (title: string, body: (...args: unknown[]) => void) => void;
  skipIf: (condition: unknown) => (name: string, body?: () => void) => void;
};

export const describe: SuiteFn = Object.assign((name: string, body?: () => void) => addSuite(name, body), {
  skip: (name: string, body?: () => void) => addSuite(name, body, true),
  only: (name: string, body?: () => void) => addSuite(name, body),
  each: (table: readonly unknown[]) => (title: string, body: (...args: unknown[]) => void) => {
    for (const row of table) {
      const args = Array.isArray(row) ? row : [row];
      addSuite(format(title, args), () => body(...args));
    }
  },
  skipIf: (condition: unknown) => (name: string, body?: () => void) => addSuite(name, body, Boolean(condition)),
});
export const suite = describe;

export const beforeAll = (fn: Fn): void => void currentSuite.beforeAll.push(fn);
export const afterAll = (fn: Fn): void => void currentSuite.afterAll.push(fn);
export const beforeEach = (fn: Fn): void => void currentSuite.beforeEach.push(fn);
export const afterEach = (fn: Fn): void => void currentSuite.afterEach.push(fn);

// ---------------------------------------------------------------- running

/** Errors nobody caught while a test ran (vitest fails a run on them too). */
let stray: unknown[] = [];
addEventListener("error", (event) => {
  stray.push(event.error ?? new Error(event.message));
});
addEventListener("unhandledrejection", (event) => {
  stray.push(event.reason);
});

function describeError(error: unknown): string {
  if (error instanceof Error) return `${error.name}: ${error.message}\n${error.stack ?? ""}`;
  return `thrown: ${safeJson(error)}`;
}

async function withTimeout(fn: Fn, ms: number, what: string): Promise<void> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} timed out in ${ms} ms`)), ms);
  });
  try {
    await Promise.race([Promise.resolve().then(fn), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

async function runSuite(suite: Suite, path: string[], hooks: { before: Fn[]; after: Fn[] }, file: string, out: PageResult[]): Promise<void> {
  const before = [...hooks.before, ...suite.beforeEach];
  const after = [...suite.afterEach.slice().reverse(), ...hooks.after];
  let setupError: unknown = null;
  if (!suite.skip) {
    for (const fn of suite.beforeAll) {
      try {
        await withTimeout(fn, DEFAULT_TIMEOUT, "beforeAll");
      } catch (error) {
        setupError ??= error;
      }
    }
  }
  for (const child of suite.children) {
    if (child.kind === "suite") {
      await runSuite(child, child.name === "" ? path : [...path, child.name], { before, after }, file, out);
      continue;
    }
    const name = [...path, child.name].join(" > ");
    if (suite.skip || child.fn === null || Object.hasOwn(skipped, name)) {
      out.push({ file, name, state: "skip", ms: 0, ...(Object.hasOwn(skipped, name) ? { error: skipped[name] } : {}) });
      continue;
    }
    const started = performance.now();
    let error: unknown = setupError;
    stray = [];
    if (error === null) {
      try {
        for (const fn of before) await withTimeout(fn, child.timeout, "beforeEach");
        await withTimeout(child.fn, child.timeout, "test");
      } catch (e) {
        error = e;
      }
      for (const fn of after) {
        try {
          await withTimeout(fn, child.timeout, "afterEach");
        } catch (e) {
          error ??= e;
        }
      }
      restoreAllMocks();
      // Let errors thrown from timers and rejections left behind by the test surface now.
      await new Promise((resolve) => setTimeout(resolve, 0));
      if (error === null && stray.length > 0) error = new Error(`unhandled error during the test: ${describeError(stray[0])}`);
    }
    const ms = performance.now() - started;
    out.push(error === null ? { file, name, state: "pass", ms } : { file, name, state: "fail", error: describeError(error), ms });
  }
  if (!suite.skip) {
    for (const fn of suite.afterAll) {
      try {
        await withTimeout(fn, DEFAULT_TIMEOUT, "afterAll");
      } catch (error) {
        out.push({ file, name: [...path, "afterAll"].join(" > "), state: "fail", error: describeError(error), ms: 0 });
      }
    }
  }
}

/** Runs every collected test and publishes the outcomes on `window.__aio`. */
export async function runAll(): Promise<void> {
  const state = ((globalThis as Record<string, unknown>)["__aio"] ??= { done: false, results: [] as PageResult[] }) as {
    done: boolean;
    results: PageResult[];
  };
  try {
    for (const { file, suite } of files) await runSuite(suite, [], { before: [], after: [] }, file, state.results);
  } catch (error) {
    state.results.push({ file: currentFile, name: "(runner)", state: "fail", error: describeError(error), ms: 0 });
  }
  state.done = true;
}

/** Records a file that failed to load (an import that threw) as one failed test. */
export function loadFailed(file: string, error: unknown): void {
  const state = ((globalThis as Record<string, unknown>)["__aio"] ??= { done: false, results: [] as PageResult[] }) as {
    results: PageResult[];
  };
  state.results.push({ file, name: "(load)", state: "fail", error: describeError(error), ms: 0 });
}
