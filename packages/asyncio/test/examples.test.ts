// Runs every demo program (examples/) in both styles on a TestLoop and checks what it prints and
// how much virtual time it took. The demo itself (`pnpm demo`) runs the same list on real time.
import { describe, expect, it } from "vitest";
import { TestLoop } from "@aio/asyncio";
import { examples } from "../examples/index.js";
import type { Example } from "../examples/support.js";

interface Expected {
  /** Lines both styles print, or one list per style. */
  lines: string[] | { generator: string[]; "async function": string[] };
  /** Virtual seconds the program's (last) loop reached. */
  time: number;
}

const expected: Record<string, Expected> = {
  "Coroutines do not run until driven": {
    lines: {
      generator: [
        "isCoroutineFunction(hello): true",
        "hello() returned a coroutine (isCoroutine: true), and printed nothing",
        "yield* nested(): 42",
        "hello",
      ],
      "async function": [
        "isCoroutineFunction(hello): true",
        "createTask(hello) made a task, and hello has not printed yet",
        "await nestedAsync(): 42",
        "hello",
      ],
    },
    time: 0,
  },
  "Driving a coroutine by hand": {
    lines: {
      generator: ["The answer was: 123 (done: true)", "I was cancelled!", "after throw: done=true, value=undefined"],
      "async function": ["The answer was: 123", "I was cancelled!", "after cancel: done=true, cancelled=false, value=undefined"],
    },
    time: 0,
  },
  "say_after awaited in sequence": {
    lines: ["started at 00:00:00", "hello", "world", "finished at 00:00:03"],
    time: 3,
  },
  "say_after as two tasks": {
    lines: ["started at 00:00:00", "hello", "world", "finished at 00:00:02"],
    time: 2,
  },
  "A Future completed by another task": {
    lines: [
      "fut.done(): false",
      "runUntilComplete(fut): I have finished.",
      "fut.done(): true",
      "fut.result(): I have finished.",
      "runUntilComplete() inside the running loop: This event loop is already running",
    ],
    time: 1,
  },
  "ensureFuture on a task": {
    lines: {
      generator: ["createTask(coro) is a Task: true", "ensureFuture(coro) is a Task: true", "ensureFuture(task) === task: true"],
      "async function": ["createTask(fn) is a Task: true", "ensureFuture(fn) is a Task: true", "ensureFuture(task) === task: true"],
    },
    time: 0,
  },
  "Cancelling a task": {
    lines: ["cancelMe(): before sleep", "cancelMe(): cancel sleep", "cancelMe(): after sleep", "main(): cancelMe is cancelled now"],
    time: 1,
  },
  "Async comprehension over an async generator": {
    lines: ["list: [[0,0],[1,2],[2,4]]", 'dict: {"0":0,"1":2,"2":4}', 'set: ["[0,0]","[1,2]","[2,4]"]'],
    time: 0.9,
  },
  "gather: running coroutines concurrently": {
    lines: [
      "0 seconds have passed...",
      ..."123456".split(""),
      "3 seconds have passed...",
      ..."7 8 9 10 11 12".split(" "),
      "6 seconds have passed...",
      "13",
      "14",
      "stopped after 7 s: cancelled=true,true",
      "fast done after 1 s",
      "slow done after 2 s",
      'results in argument order: ["slow","fast"]',
      "fine done after 1 s",
      "with returnExceptions: RangeError: bad input, fine",
    ],
    time: 10,
  },
  "waitFor: a timeout": {
    lines: ["eternity() was cancelled", "timeout!", "shielded: timed out, but the inner task finished anyway", "timeout(0.5) block: TimeoutError"],
    time: 3.5,
  },
  "Running blocking code in executors": {
    lines: ["default thread pool: 100 bytes", "custom thread pool: 100 bytes", "custom process pool: 333332833333500000"],
    time: 0,
  },
};

async function runOnTestLoop(program: Example["programs"][number]): Promise<{ lines: string[]; time: number }> {
  const lines: string[] = [];
  let loop: TestLoop | null = null;
  await program.run({
    print: (line) => lines.push(line),
    loopFactory: () => (loop = new TestLoop()),
  });
  return { lines, time: loop === null ? NaN : (loop as TestLoop).time() };
}

describe("examples/", () => {
  it("has an expectation for every example, and every example in both styles", () => {
    expect(examples.map((e) => e.title).sort()).toEqual(Object.keys(expected).sort());
    for (const e of examples) expect(e.programs.map((p) => p.style)).toEqual(["async function", "generator"]);
  });

  for (const example of examples) {
    describe(example.title, () => {
      for (const program of example.programs) {
        it(`prints what the seed shows, written with ${program.style === "generator" ? "generator coroutines" : "async functions"}`, async () => {
          const want = expected[example.title]!;
          const got = await runOnTestLoop(program);
          expect(got.lines).toEqual(Array.isArray(want.lines) ? want.lines : want.lines[program.style]);
          expect(got.time).toBeCloseTo(want.time, 9);
        }, 30_000);
      }
    });
  }
});
