// Reading V8 stack traces (`Error.prototype.stack`) into frames for the call graph. The only
// window JavaScript gives on coroutine frames: a generator that is running (resumed by `next()`,
// `throw()` or `return()`) shows as its own frame followed by the native `name.next (<anonymous>)`
// frame that resumed it, and an async function that awaits a native promise shows as
// `at async name (...)` below the running code (V8's async stack traces).

/**
 * One frame of a {@link FutureCallGraph}'s call stack (CPython's `FrameCallGraphEntry`), as far as
 * JavaScript can know it.
 * @public
 */
export interface FrameCallGraphEntry {
  /** The function's name as the engine reports it (`main`, `Queue.get`); "" when unknown. */
  readonly name: string;
  /** A generator coroutine, an async function, or a plain function called from one. */
  readonly kind: "generator" | "async" | "function";
  /** The file (a path, or a URL that is not a `file:` URL); null when unknown. */
  readonly fileName: string | null;
  /** 1-based line; null when unknown. */
  readonly lineNumber: number | null;
  /** 1-based column; null when unknown. */
  readonly columnNumber: number | null;
}

/** A parsed stack line. */
export interface RawFrame {
  name: string;
  isAsync: boolean;
  /** `name.next (<anonymous>)` and the like: the engine resuming a generator. */
  isResume: boolean;
  fileName: string | null;
  lineNumber: number | null;
  columnNumber: number | null;
}

const LINE = /^\s*at (async )?(?:(.*?) \((.*)\)|(.*))$/;
const RESUME = /\.(?:next|throw|return)$/;

/** @internal The frames of a V8 stack string, innermost first (the message line is skipped). */
export function parseStack(stack: string | undefined): RawFrame[] {
  const frames: RawFrame[] = [];
  if (stack === undefined) return frames;
  for (const line of stack.split("\n")) {
    const m = LINE.exec(line);
    if (m === null) continue;
    const name = m[2] ?? "";
    // Stryker disable next-line StringLiteral: when m[3] is missing the other alternative matched, so m[4] is set
    const where = m[3] ?? m[4] ?? "";
    const isResume = where === "<anonymous>" && RESUME.test(name);
    frames.push({ name, isAsync: m[1] !== undefined, isResume, ...location(where) });
  }
  return frames;
}

function location(where: string): Pick<RawFrame, "fileName" | "lineNumber" | "columnNumber"> {
  const m = /(.*):(\d+):(\d+)$/.exec(where); // (.*) matches from the start anyway
  if (m === null) return { fileName: where === "" || where === "<anonymous>" ? null : where, lineNumber: null, columnNumber: null };
  let file = m[1]!;
  if (file.startsWith("file://")) {
    try {
      file = decodeURIComponent(file.slice(7));
    } catch {
      file = file.slice(7);
    }
  }
  return { fileName: file, lineNumber: Number(m[2]), columnNumber: Number(m[3]) };
}

/** The V8 call-site methods used here (Node and Chromium); other engines have no such API. */
interface CallSite {
  getFunctionName(): string | null;
  getFileName(): string | null | undefined;
  getLineNumber(): number | null;
  getColumnNumber(): number | null;
  isAsync?(): boolean;
  toString(): string;
}

type PrepareStackTrace = (error: Error, sites: CallSite[]) => unknown;

/**
 * @internal The frames of `error`, innermost first. On V8 the call sites themselves say which
 * frames are async continuations; each one is still formatted by the formatter in place (Node's
 * source maps, a test runner's), so files and lines are the ones the user sees. Elsewhere, or if
 * the stack was already formatted, the stack string is parsed.
 */
export function readFrames(error: Error): RawFrame[] {
  const known = read.get(error);
  if (known !== undefined) return known;
  const E = Error as unknown as { prepareStackTrace?: PrepareStackTrace | undefined };
  const previous = E.prepareStackTrace;
  let frames: RawFrame[] | null = null;
  try {
    E.prepareStackTrace = (err, sites) => {
      frames = sites.map((site) => siteFrame(err, site, previous));
      return "";
    };
    void error.stack; // formatted lazily, on first access: our formatter runs now
  } catch {
    // The formatter did not finish: frames is still null (assigned last), the stack is parsed below.
  } finally {
    E.prepareStackTrace = previous;
  }
  const result = frames ?? parseStack(error.stack);
  read.set(error, result); // the stack is formatted once: keep what it said
  return result;
}

const read = new WeakMap<Error, RawFrame[]>();

function siteFrame(err: Error, site: CallSite, previous: PrepareStackTrace | undefined): RawFrame {
  // Stryker disable next-line StringLiteral: the try or the catch always assigns it
  let text = "";
  try {
    text = typeof previous === "function" ? String(previous(err, [site])) : `\n    at ${site.toString()}`;
  } catch {
    text = `\n    at ${site.toString()}`;
  }
  const lines = text.split("\n");
  // Stryker disable next-line StringLiteral: slice(-1) leaves at most one line to join
  const parsed = parseStack(lines.filter((l) => LINE.test(l)).slice(-1).join("\n"))[0];
  const file = site.getFileName();
  const name = site.getFunctionName() ?? "";
  // Stryker disable next-line LogicalOperator,OptionalChaining,BooleanLiteral: V8's call sites (Node 20) always have isAsync(): the parsed fallback is for other engines
  const isAsync = typeof site.isAsync === "function" ? site.isAsync() : (parsed?.isAsync ?? false);
  const isResume = (file === null || file === undefined) && RESUME_NAME.test(name) && !isAsync;
  if (parsed !== undefined) return { ...parsed, isAsync, isResume: isResume || parsed.isResume };
  return {
    name,
    isAsync,
    isResume,
    fileName: file ?? null,
    lineNumber: site.getLineNumber(),
    columnNumber: site.getColumnNumber(),
  };
}

const RESUME_NAME = /^(?:next|throw|return)$/;

/** @internal An entry from a parsed frame. */
export function entry(f: RawFrame, kind: FrameCallGraphEntry["kind"]): FrameCallGraphEntry {
  return { name: f.name, kind, fileName: f.fileName, lineNumber: f.lineNumber, columnNumber: f.columnNumber };
}

/** The index of the last frame that resumed a generator (the task's own `coro.next()`), or -1. */
function lastResume(frames: RawFrame[]): number {
  // Stryker disable next-line EqualityOperator: a resume at index 0 has no frame before it, so 0 and -1 both select nothing
  for (let i = frames.length - 1; i >= 0; i--) if (frames[i]!.isResume) return i;
  return -1;
}

/**
 * @internal The generator frames of a stack taken inside `yield* future` (an await site): each
 * frame the engine resumed through `next`/`throw`/`return`, innermost first, down to the task's
 * own call into its coroutine. Plain functions in between (an iterator object's `next`) are left
 * out, as CPython's graph of a suspended task has only coroutine frames.
 */
export function generatorFrames(frames: RawFrame[]): FrameCallGraphEntry[] {
  const out: FrameCallGraphEntry[] = [];
  const end = lastResume(frames);
  // Stryker disable next-line EqualityOperator: frames[end] is a resume, which the loop skips
  for (let i = 0; i < end; i++) {
    const f = frames[i]!;
    if (!f.isResume && frames[i + 1]!.isResume) out.push(entry(f, "generator"));
  }
  return out;
}

/**
 * @internal The frames of a running generator task's stack, innermost first, down to the task's
 * own call into its coroutine: generator frames and the plain functions they called.
 */
export function runningGeneratorFrames(frames: RawFrame[]): FrameCallGraphEntry[] {
  const out: FrameCallGraphEntry[] = [];
  const end = lastResume(frames);
  // Stryker disable next-line EqualityOperator: frames[end] is a resume, which the loop skips
  for (let i = 0; i < end; i++) {
    const f = frames[i]!;
    if (f.isResume) continue;
    out.push(entry(f, frames[i + 1]!.isResume ? "generator" : "function"));
  }
  return out;
}

/**
 * @internal The frames of a running async-function task's stack, innermost first: the code
 * running now, then the async functions awaiting it. The last synchronous frame (right above the
 * first `async` one, or the last one) is the async function that runs: it counts as async. The
 * task's own start-up frames, when its first step runs, are cut off at `stopAt`.
 */
export function runningAsyncFrames(frames: RawFrame[], stopAt: RegExp): FrameCallGraphEntry[] {
  let end = frames.findIndex((f) => stopAt.test(f.name));
  if (end < 0) end = frames.length;
  const kept = frames.slice(0, end).filter((f) => !f.isResume);
  const firstAsync = kept.findIndex((f) => f.isAsync);
  const runningFn = (firstAsync < 0 ? kept.length : firstAsync) - 1;
  return kept.map((f, i) => entry(f, f.isAsync || i === runningFn ? "async" : "function"));
}
