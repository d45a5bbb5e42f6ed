// The README's first example, run as written (the code block is read from README.md), with its
// output compared to the comments under it.
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import ts from "typescript";
import { expect, it } from "vitest";
import { ContextVar } from "@aio/contextvars";
import { createTask } from "@aio/task";
import { gather, sleep } from "@aio/combinators";
import { run } from "@aio/loop";

// The names the example imports from @aio/asyncio (the umbrella re-exports these very objects).
const asyncio = { ContextVar, createTask, gather, run, sleep };

const README = readFileSync(resolve(import.meta.dirname, "../README.md"), "utf8");

it("README: the request-id example prints what its comments say", async () => {
  const block = /```ts\n([\s\S]*?)```/.exec(README)![1]!;
  const expected = [...block.matchAll(/^\/\/ (\[.*)$/gm)].map((m) => m[1]);
  // Run the block with the umbrella's names in scope (its import line aside) and console.log captured.
  const body = ts.transpileModule(block.replace(/^import .*$/m, ""), { compilerOptions: { target: ts.ScriptTarget.ES2022 } }).outputText;
  const names = ["ContextVar", "createTask", "gather", "run", "sleep"] as const;
  const printed: string[] = [];
  const console = { log: (line: string) => printed.push(line) };
  const AsyncFunction = Object.getPrototypeOf(async () => {}).constructor as new (...args: string[]) => (...a: unknown[]) => Promise<void>;
  const program = new AsyncFunction(...names, "console", body);
  await program(...names.map((n) => asyncio[n]), console);
  expect(expected.length).toBe(4);
  expect(printed).toEqual(expected);
});
