// Reading V8 stack traces into frames (the call graph's raw material): the stack-string parser,
// the call-site reader with whatever `Error.prepareStackTrace` formatter is in place, and the
// selection of a task's own frames from a stack.
import { describe, expect, it } from "vitest";
import {
  generatorFrames,
  readFrames,
  runningAsyncFrames,
  runningGeneratorFrames,
  type RawFrame,
} from "../src/stack-frames.js";

type StackFrames = typeof import("../src/stack-frames.js");
let evaluations = 0;
/**
 * The module, evaluated anew for the calling test: its module-level patterns are built while the
 * test runs (a mutation-testing run switches a mutant on right before each test, after the imports).
 */
async function load(): Promise<StackFrames> {
  return (await import(/* @vite-ignore */ `../src/stack-frames.ts?evaluation=${++evaluations}`)) as StackFrames;
}

type Formatter = ((error: Error, sites: CallSiteLike[]) => unknown) | undefined;
interface CallSiteLike {
  getFunctionName(): string | null;
  getLineNumber(): number | null;
  toString(): string;
}

/** Runs `body` with `formatter` as `Error.prepareStackTrace`, then puts the one in place back. */
function withFormatter<T>(formatter: Formatter, body: () => T): T {
  const E = Error as unknown as { prepareStackTrace?: Formatter };
  const saved = E.prepareStackTrace;
  E.prepareStackTrace = formatter;
  try {
    return body();
  } finally {
    E.prepareStackTrace = saved;
  }
}

class Klass {
  method(message = "here"): Error {
    return new Error(message);
  }
}

function frame(name: string, more: Partial<RawFrame> = {}): RawFrame {
  return { name, isAsync: false, isResume: false, fileName: null, lineNumber: null, columnNumber: null, ...more };
}
const resume = (name = "next"): RawFrame => frame(`${name}`, { isResume: true });

describe("parseStack", () => {
  it("reads each frame line of a V8 stack string: name, async, resume, file, line and column", async () => {
    const { parseStack } = await load();
    const stack = [
      "Error: look at me (not a frame)",
      "    at Klass.method (/app/a.js:10:5)",
      "    at async main (file:///app/my%20dir/b.js:3:7)",
      "    at gen.next (<anonymous>)",
      "    at gen.nextValue (<anonymous>)",
      "    at gen.throw (/app/c.js:1:1)",
      "    at /app/d.js:4:2",
      "    at f (native)",
      "    at g (<anonymous>)",
      "at top (/app/e.js:1:2)",
      "    at h (/app/f.js:1:2x)",
      "    at i (/app/g.js:1:2) trailing",
      "    at ",
      "    at j (file:///app/%E0%A4%A.js:5:6)",
    ].join("\n");
    const none = { lineNumber: null, columnNumber: null };
    expect(parseStack(stack)).toEqual([
      frame("Klass.method", { fileName: "/app/a.js", lineNumber: 10, columnNumber: 5 }),
      frame("main", { isAsync: true, fileName: "/app/my dir/b.js", lineNumber: 3, columnNumber: 7 }),
      frame("gen.next", { isResume: true }),
      frame("gen.nextValue"), // not the engine resuming a generator: only next, throw and return are
      frame("gen.throw", { fileName: "/app/c.js", lineNumber: 1, columnNumber: 1 }), // a real file: user code
      frame("", { fileName: "/app/d.js", lineNumber: 4, columnNumber: 2 }), // an anonymous frame
      frame("f", { fileName: "native", ...none }),
      frame("g"),
      frame("top", { fileName: "/app/e.js", lineNumber: 1, columnNumber: 2 }), // not indented
      frame("h", { fileName: "/app/f.js:1:2x", ...none }), // no line and column at its end
      frame("", { fileName: "i (/app/g.js:1:2) trailing", ...none }), // no parenthesis at the end
      frame(""),
      frame("j", { fileName: "/app/%E0%A4%A.js", lineNumber: 5, columnNumber: 6 }), // a malformed file: URL is kept as is
    ]);
  });

  it("gives no frame for no stack, or a stack without frame lines", async () => {
    const { parseStack } = await load();
    expect(parseStack(undefined)).toEqual([]);
    expect(parseStack("Error: boom\nsomething else")).toEqual([]);
  });
});

describe("readFrames", () => {
  it("without a formatter in place, names a method's frame with its class, as V8 prints it", () => {
    const error = new Klass().method();
    const frames = withFormatter(undefined, () => readFrames(error));
    expect(frames[0]).toMatchObject({ name: "Klass.method", isAsync: false, isResume: false });
    expect(frames[0]!.fileName).toMatch(/stack-frames\.test\.ts$/);
    expect(frames[0]!.lineNumber).toBeTypeOf("number");
    expect(frames[0]!.columnNumber).toBeTypeOf("number");
    // The stack is read once, by our formatter (which formats it as ""), and the result is kept.
    expect(error.stack).toBe("");
    expect(readFrames(error)).toBe(frames);
  });

  it("puts the formatter that was in place back afterwards", () => {
    const mine: Formatter = () => "mine";
    withFormatter(mine, () => {
      readFrames(new Klass().method());
      expect((Error as unknown as { prepareStackTrace?: Formatter }).prepareStackTrace).toBe(mine);
    });
    withFormatter(undefined, () => {
      readFrames(new Klass().method());
      expect((Error as unknown as { prepareStackTrace?: Formatter }).prepareStackTrace).toBeUndefined();
    });
  });

  it("reads each frame as the formatter in place prints it (a source map's file and line)", () => {
    let calls = 0;
    const mapped: Formatter = (err, sites) => {
      calls++;
      // The formatter's usual output: the error line, one line per site, here a trailing newline.
      const lines = sites.map((s) => `    at ${s.getFunctionName() ?? "?"}@mapped (/mapped/app.ts:${s.getLineNumber()! + 1000}:7)`);
      return `${String(err)}\n${lines.join("\n")}\n`;
    };
    const error = new Klass().method("boom\n    at fake (/fake.js:1:1)"); // a message that looks like a frame
    const frames = withFormatter(mapped, () => readFrames(error));
    expect(calls).toBe(frames.length); // called once per site, with that site alone
    expect(frames[0]).toEqual(
      frame("method@mapped", { fileName: "/mapped/app.ts", lineNumber: frames[0]!.lineNumber, columnNumber: 7 }),
    );
    expect(frames[0]!.lineNumber).toBeGreaterThan(1000);
  });

  it("reads a frame with one frame line from the formatter", () => {
    const plain: Formatter = (_err, sites) => sites.map((s) => `\n    at ${s.getFunctionName() ?? "?"} (/plain.js:1:2)`).join("");
    const frames = withFormatter(plain, () => readFrames(new Klass().method()));
    expect(frames[0]).toEqual(frame("method", { fileName: "/plain.js", lineNumber: 1, columnNumber: 2 }));
  });

  it("falls back to V8's own text of a frame when the formatter in place throws", () => {
    const broken: Formatter = () => {
      throw new Error("formatter broke");
    };
    const frames = withFormatter(broken, () => readFrames(new Klass().method()));
    expect(frames[0]).toMatchObject({ name: "Klass.method", isAsync: false, isResume: false });
    expect(frames[0]!.fileName).toMatch(/stack-frames\.test\.ts$/);
  });

  it("reads the call site itself when the formatter prints nothing that looks like a frame", () => {
    const silent: Formatter = () => "";
    const error = (() => new Error("anonymous"))();
    const frames = withFormatter(silent, () => readFrames(error));
    expect(frames[0]).toMatchObject({ name: "", isAsync: false, isResume: false });
    expect(frames[0]!.fileName).toMatch(/stack-frames\.test\.ts$/);
    expect(frames[0]!.lineNumber).toBeTypeOf("number");
    expect(frames[0]!.columnNumber).toBeTypeOf("number");
    expect(withFormatter(silent, () => readFrames(new Klass().method()))[0]!.name).toBe("method");
    // A running generator: its frame, then the native `next` that resumed it (no file).
    function* gen(): Generator<Error> {
      yield new Error("in a generator");
    }
    const inGen = gen().next().value as Error;
    const genFrames = withFormatter(silent, () => readFrames(inGen));
    expect(genFrames[0]).toMatchObject({ name: "gen", isResume: false });
    expect(genFrames[1]).toEqual(frame("next", { isResume: true }));
  });

  it("takes a frame without a file named exactly next, throw or return for the engine resuming a generator", async () => {
    const { readFrames } = await load();
    // Functions made by `new Function` have no file, whatever the formatter prints for them.
    const make = (name: string): Error =>
      (new Function(`return function ${name}() { return new Error("x"); }`)() as () => Error)();
    for (const formatter of [undefined, (() => "") as Formatter]) {
      const named = (name: string): RawFrame => withFormatter(formatter, () => readFrames(make(name)))[0]!;
      expect(named("next")).toMatchObject({ name: expect.stringMatching(/next$/), isResume: true });
      expect(named("return_")).toMatchObject({ isResume: false });
      expect(named("rethrow")).toMatchObject({ isResume: false });
      expect(named("nextValue")).toMatchObject({ isResume: false });
    }
  });

  it("parses a stack that was already formatted", () => {
    const error = new Error("formatted");
    error.stack = "Error: formatted\n    at f (/a.js:1:2)";
    expect(readFrames(error)).toEqual([frame("f", { fileName: "/a.js", lineNumber: 1, columnNumber: 2 })]);
  });
});

describe("the frames of a task's stack", () => {
  const fn = (name: string): RawFrame => frame(name);
  const asyncFn = (name: string): RawFrame => frame(name, { isAsync: true });

  it("generator frames: each frame a resume entered, down to the task's own resume", () => {
    const frames = [fn("helper"), fn("inner"), resume(), fn("iter.next"), fn("outer"), resume(), fn("Task._step")];
    expect(generatorFrames(frames)).toEqual([
      { name: "inner", kind: "generator", fileName: null, lineNumber: null, columnNumber: null },
      { name: "outer", kind: "generator", fileName: null, lineNumber: null, columnNumber: null },
    ]);
    expect(generatorFrames([fn("no generator here")])).toEqual([]);
  });

  it("running generator frames: the plain functions too, without the resumes", () => {
    const frames = [fn("helper"), fn("inner"), resume(), fn("outer"), resume(), fn("Task._step")];
    expect(runningGeneratorFrames(frames).map((e) => [e.name, e.kind])).toEqual([
      ["helper", "function"],
      ["inner", "generator"],
      ["outer", "generator"],
    ]);
    expect(runningGeneratorFrames([fn("a"), fn("b")])).toEqual([]);
  });

  it("running async frames: cut at the task's start, the last plain frame is the async function running", () => {
    const stop = /(?:^|\.)_startFunction$/;
    const kinds = (frames: RawFrame[]): string[][] => runningAsyncFrames(frames, stop).map((e) => [e.name, e.kind]);
    expect(kinds([fn("helper"), fn("work"), resume(), asyncFn("main"), fn("Task._startFunction"), fn("Task._step")])).toEqual([
      ["helper", "function"],
      ["work", "async"],
      ["main", "async"],
    ]);
    // No start frame (a later step): all of them; no async frame: the last one runs.
    expect(kinds([fn("helper"), fn("work")])).toEqual([
      ["helper", "function"],
      ["work", "async"],
    ]);
    // The first frame awaits: the plain frames after it are not the running function.
    expect(kinds([asyncFn("main"), fn("caller")])).toEqual([
      ["main", "async"],
      ["caller", "function"],
    ]);
    expect(kinds([fn("Task._startFunction"), fn("Task._step")])).toEqual([]);
  });
});
