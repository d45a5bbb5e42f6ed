// The guide's examples (docs/guide/examples/**) are real programs: this file type-checks them,
// runs each one and compares what it prints with the `// Output:` block at its end, and checks
// that every code block in docs/guide/*.md is the text of an example file.
//
// Each example calls `run(main)` (or `new Runner()`) as a reader would. Here `@aio/asyncio` is
// mocked so that those use a TestLoop: an example that sleeps for an hour finishes at once, and
// its output is the same on every run. An example that makes its own loop keeps it.
import { readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { format } from "node:util";
import ts from "typescript";
import { afterEach, describe, expect, it, vi } from "vitest";
import type * as Aio from "@aio/asyncio";
import { EXAMPLES_DIR, REPO_ROOT, checkGuide, exampleFiles } from "../../../tooling/scripts/src/docs-guide.js";

vi.mock("@aio/asyncio", async (importOriginal) => {
  const actual = await importOriginal<typeof Aio>();
  // Examples that talk to real sockets keep real time (virtual time would jump past their I/O).
  const onTestLoop = <O extends object>(options: O | undefined) =>
    (globalThis as { __aioGuideRealTime?: boolean }).__aioGuideRealTime ? { ...options } : { loopFactory: () => new actual.TestLoop(), ...options };
  class Runner extends actual.Runner {
    constructor(options?: Aio.RunnerOptions) {
      super(onTestLoop(options));
    }
  }
  const run: typeof actual.run = (main, options) => actual.run(main, onTestLoop(options));
  return { ...actual, run, Runner };
});

/** The lines of the `// Output:` comment that closes an example. */
function expectedOutput(source: string): string[] | null {
  const lines = source.trimEnd().split("\n");
  const start = lines.lastIndexOf("// Output:");
  if (start < 0) return null;
  return lines.slice(start + 1).map((line) => {
    if (!line.startsWith("//")) throw new Error(`line after "// Output:" is not a comment: ${line}`);
    return line.replace(/^\/\/ ?/, "");
  });
}

const files = exampleFiles();
// The umbrella, and the Node-only packages it leaves out so browser bundles stay free of Node built-ins.
const ALLOWED_IMPORTS = new Set(["@aio/asyncio", "@aio/subprocess", "@aio/streams", "@aio/executor-bullmq"]);
// Examples that need a Redis and worker processes: their package's tests start those and run them
// (packages/executor-bullmq/test/guide-example.test.ts); here they are only type-checked.
const RUN_ELSEWHERE = new Set(["scaling-out/main.ts"]);
// Examples on real sockets: their timeouts must count real time, so run() keeps its real loop.
const REAL_TIME_DIRS = ["streams/"];

afterEach(() => {
  vi.restoreAllMocks();
});

describe("docs/guide", () => {
  it("has examples", () => {
    expect(files.length).toBeGreaterThan(0);
  });

  it("shows every example, and each code block is the text of its example file", () => {
    expect(checkGuide()).toEqual([]);
  });

  it("type-checks every example (docs/guide/examples/tsconfig.json)", () => {
    const configPath = join(EXAMPLES_DIR, "tsconfig.json");
    const parsed = ts.getParsedCommandLineOfConfigFile(configPath, {}, {
      ...ts.sys,
      onUnRecoverableConfigFileDiagnostic: (d) => {
        throw new Error(ts.flattenDiagnosticMessageText(d.messageText, "\n"));
      },
    });
    if (!parsed) throw new Error(`cannot read ${configPath}`);
    const program = ts.createProgram({ rootNames: parsed.fileNames, options: parsed.options });
    const diagnostics = ts.getPreEmitDiagnostics(program).map((d) => {
      const text = ts.flattenDiagnosticMessageText(d.messageText, "\n");
      if (!d.file || d.start === undefined) return text;
      const { line, character } = d.file.getLineAndCharacterOfPosition(d.start);
      return `${relative(REPO_ROOT, d.file.fileName)}:${line + 1}:${character + 1} ${text}`;
    });
    expect(diagnostics).toEqual([]);
  }, 60_000);
});

describe("each example", () => {
  for (const file of files) {
    const name = relative(EXAMPLES_DIR, file);
    it(`${name} imports only @aio/asyncio, the Node-only packages it does not re-export, and node: built-ins`, () => {
      const source = readFileSync(file, "utf8");
      const specifiers = [...source.matchAll(/^\s*(?:import|export)[^"';]*?from\s+["']([^"']+)["']/gm)].map((m) => m[1]);
      expect(specifiers.filter((s) => !ALLOWED_IMPORTS.has(s!) && !s!.startsWith("node:"))).toEqual([]);
    });

    if (RUN_ELSEWHERE.has(name)) continue;
    it(`${name} prints what its // Output: block says`, async () => {
      const expected = expectedOutput(readFileSync(file, "utf8"));
      expect(expected, "the example ends with an // Output: block").not.toBeNull();
      const printed: string[] = [];
      vi.spyOn(console, "log").mockImplementation((...args: unknown[]) => {
        printed.push(...format(...args).split("\n"));
      });
      (globalThis as { __aioGuideRealTime?: boolean }).__aioGuideRealTime = REAL_TIME_DIRS.some((dir) => name.startsWith(dir));
      try {
        await import(/* @vite-ignore */ file);
      } finally {
        (globalThis as { __aioGuideRealTime?: boolean }).__aioGuideRealTime = false;
      }
      expect(printed).toEqual(expected);
    }, 30_000);
  }
});
