// allTasks() for people: formatTaskTable (`python -m asyncio ps`) and formatTaskTree (`pstree`).
import { describe, expect, it } from "vitest";
import type { Coroutine } from "@aio/core";
import { Future } from "@aio/future";
import { TestLoop } from "@aio/loop";
import { currentTask, createTask, formatTaskTable, formatTaskTree, _addAwaitedBy, _awaitThrough, _discardAwaitedBy, type Task } from "@aio/task";
import { sleep } from "./helpers.js";

/** The table with ids and generated names blanked, and its column gaps reduced to " | ". */
function cells(table: string): string[][] {
  const [head, ...rows] = table.split("\n");
  const starts = [...head!.matchAll(/\S+(?: \S+)*/g)].map((m) => m.index!);
  return [head!, ...rows].map((line) =>
    starts.map((s, i) => line.slice(s, i + 1 < starts.length ? starts[i + 1] : undefined).trim().replace(/^0x[0-9a-f]+$/, "0x?").replace(/Task-\d+/g, "Task-?")),
  );
}

describe("formatTaskTable()", () => {
  it("has a row per pending task: id, name, state, awaited by, coroutine, location", async () => {
    const loop = new TestLoop();
    await loop.runUntilComplete(function* main(): Coroutine<void> {
      const gate = new Future<void>();
      const waiting = createTask(function* hold(): Coroutine<void> { yield* gate; }, { name: "holder" });
      const parent = createTask(async function lead() { await waiting; }, { name: "lead" });
      const foreign = createTask(async function away() { await new Promise<void>(() => {}); }, { name: "away" });
      const stopping = createTask(function* stop(): Coroutine<void> { yield* sleep(10); }, { name: "stopping" });
      yield* sleep(1);
      const ready = createTask(function* later(): Coroutine<void> { yield* sleep(1); }, { name: "later" });
      stopping.cancel();
      expect(cells(formatTaskTable())).toEqual([
        ["id", "name", "state", "awaited by", "coroutine", "location"],
        ["0x?", "Task-?", "running", "-", "generator main", "(running now)"],
        ["0x?", "holder", "waiting", "lead", "generator hold", "awaiting <Future pending>"],
        ["0x?", "lead", "waiting", "-", "async lead", "awaiting Task 'holder'"],
        ["0x?", "away", "suspended", "-", "async away", "-"],
        ["0x?", "stopping", "cancelling", "-", "generator stop", "awaiting <Future cancelled>"],
        ["0x?", "later", "ready", "-", "generator later", "-"],
      ]);
      gate.setResult();
      yield* parent;
      foreign.cancel();
      ready.cancel();
    });
  });

  it("in debug mode, shows where a generator task waits: its innermost frame outside @aio", async () => {
    const loop = new TestLoop({ debug: true });
    loop.slowCallbackDuration = 60; // no slow-step warnings on a busy machine
    function* nap(): Coroutine<void> {
      yield* sleep(10);
    }
    await loop.runUntilComplete(function* () {
      const t = createTask(function* napper(): Coroutine<void> { yield* nap(); }, { name: "napper" });
      yield* sleep(1);
      const row = formatTaskTable().split("\n").find((l) => l.includes("napper"))!;
      expect(row).toMatch(/generator napper\s+nap \(task-table\.test\.ts:\d+\): awaiting <Future pending>$/);
      t.cancel();
    });
  });

  it("takes the loop to show, and refuses anything else", async () => {
    const loop = new TestLoop();
    expect(formatTaskTable(loop)).toBe("id  name  state  awaited by  coroutine  location");
    expect(() => formatTaskTable()).toThrow("no running event loop");
    expect(() => formatTaskTable({} as never)).toThrow(new TypeError("formatTaskTable(loop): expected an EventLoop, got Object (object)"));
    expect(() => formatTaskTree(42 as never)).toThrow("formatTaskTree(loop)");
  });
});

describe("formatTaskTree()", () => {
  it("puts under each task the tasks it awaits; tasks awaited by nobody are the roots", async () => {
    const loop = new TestLoop();
    await loop.runUntilComplete(function* () {
      const leaf = createTask(function* deep(): Coroutine<void> { yield* sleep(10); }, { name: "leaf" });
      const mid = createTask(function* middle(): Coroutine<void> { yield* leaf; }, { name: "mid" });
      const top = createTask(async function upper() { await mid; }, { name: "top" });
      const lone = createTask(function* alone(): Coroutine<void> { yield* sleep(10); }, { name: "lone" });
      yield* sleep(1);
      expect(formatTaskTree().replace(/Task-\d+/, "Task-?").split("\n")).toEqual([
        "├── (T) Task-?  generator <anonymous>  [running]",
        "├── (T) top  async upper",
        "│   └── (T) mid  generator middle",
        "│       └── (T) leaf  generator deep",
        "└── (T) lone  generator alone",
      ]);
      for (const t of [leaf, lone]) t.cancel();
      yield* sleep(1);
      expect(top.cancelled()).toBe(true);
    });
  });

  it("marks a cycle of awaits (a deadlock) instead of following it for ever", async () => {
    const loop = new TestLoop();
    await loop.runUntilComplete(function* () {
      const ring: Task<void>[] = [];
      for (const name of ["a", "b"]) {
        ring.push(createTask(function* (): Coroutine<void> {
          yield* sleep(0);
          const me = ring.findIndex((t) => t === currentTask());
          yield* ring[1 - me]!;
        }, { name }));
      }
      yield* sleep(1);
      const lines = formatTaskTree().split("\n").slice(1);
      expect(lines.map((l) => l.replace(/ {2}generator <anonymous>/, ""))).toEqual([
        "└── (T) a",
        "    └── (T) b",
        "        └── (T) a  (cycle)",
      ]);
    });
  });
});

/** The text with generated names and ids replaced by stable ones. */
function stable(text: string): string {
  return text.replace(/Task-\d+/g, "Task-?").replace(/0x[0-9a-f]+/g, (id) => id.replace(/[0-9a-f]+$/, "?").padEnd(id.length, " "));
}

describe("who awaits whom, with several awaiters and several awaited tasks", () => {
  for (const style of ["generator", "async"] as const) {
    it(`a ${style} task awaiting two tasks (as gather and a TaskGroup do) has both under it, and a shared one lists both awaiters`, async () => {
      const loop = new TestLoop();
      await loop.runUntilComplete(loop.createTask(function* main(): Coroutine<void> {
        const leaf = (name: string): Task<void> => createTask(function* nap(): Coroutine<void> { yield* sleep(10); }, { name });
        const d = leaf("d");
        const a = createTask(function* relay(): Coroutine<void> { yield* d; }, { name: "a" });
        const shared = leaf("s");
        const b = leaf("b");
        const both = new Future<void>(); // stands for a and s, as gather's future does
        _awaitThrough(both, [a, shared]);
        const g = style === "generator"
          ? createTask(function* gatherer(): Coroutine<void> { yield* both; }, { name: "g" })
          : createTask(async function gatherer() { await both; }, { name: "g" });
        const h = createTask(function* grouper(): Coroutine<void> { yield* sleep(10); }, { name: "h" });
        const group = [shared, b]; // the children of a TaskGroup whose block h runs
        _addAwaitedBy(h, group);
        yield* sleep(1);
        expect(stable(formatTaskTable()).split("\n")).toEqual([
          ...(style === "generator"
            ? [
              "id   name  state    awaited by  coroutine           location",
              "0x?  main  running  -           generator main      (running now)",
              "0x?  d     waiting  a           generator nap       awaiting <Future pending>",
              "0x?  a     waiting  g           generator relay     awaiting Task 'd'",
              "0x?  s     waiting  g, h        generator nap       awaiting <Future pending>",
              "0x?  b     waiting  h           generator nap       awaiting <Future pending>",
              "0x?  g     waiting  -           generator gatherer  awaiting <Future pending>",
              "0x?  h     waiting  -           generator grouper   awaiting <Future pending>",
            ]
            : [
              "id   name  state    awaited by  coroutine          location",
              "0x?  main  running  -           generator main     (running now)",
              "0x?  d     waiting  a           generator nap      awaiting <Future pending>",
              "0x?  a     waiting  g           generator relay    awaiting Task 'd'",
              "0x?  s     waiting  g, h        generator nap      awaiting <Future pending>",
              "0x?  b     waiting  h           generator nap      awaiting <Future pending>",
              "0x?  g     waiting  -           async gatherer     awaiting <Future pending>",
              "0x?  h     waiting  -           generator grouper  awaiting <Future pending>",
            ]),
        ]);
        expect(stable(formatTaskTree()).split("\n")).toEqual([
          "├── (T) main  generator main  [running]",
          `├── (T) g  ${style} gatherer`,
          "│   ├── (T) a  generator relay",
          "│   │   └── (T) d  generator nap",
          "│   └── (T) s  generator nap",
          "└── (T) h  generator grouper",
          "    ├── (T) s  generator nap",
          "    └── (T) b  generator nap",
        ]);
        _discardAwaitedBy(h, group);
        for (const t of [d, shared, b, h, g]) t.cancel();
        yield* sleep(1);
        expect(a.cancelled()).toBe(true);
      }, { name: "main" }));
    });
  }
});

describe("formatTaskTable(): locations in debug mode", () => {
  it("skips frames inside @aio packages for the first frame outside them, names anonymous generators, and keeps an @aio frame when it is all there is", async () => {
    const loop = new TestLoop({ debug: true });
    loop.slowCallbackDuration = 60; // no slow-step warnings on a busy machine
    // A generator of an installed @aio package (its frames carry that package's path).
    const libWait = (0, eval)("(function* libWait(fut) { return yield* fut; })\n//# sourceURL=/app/node_modules/@aio/lib/dist/wait.js") as <T>(fut: Future<T>) => Coroutine<T>;
    await loop.runUntilComplete(function* () {
      const viaLib = createTask(function* mine(): Coroutine<void> {
        yield* libWait(sleep(10));
      }, { name: "lib" });
      const anonymous = createTask((function* (): Coroutine<void> {
        yield* sleep(10);
      })(), { name: "anon" });
      const fromPromise = createTask(new Promise<void>(() => {}), { name: "promise" });
      yield* sleep(1);
      const line = (name: string): string => formatTaskTable().split("\n").find((l) => l.includes(` ${name} `))!.replace(/.*generator /, "generator ");
      expect([line("lib"), line("anon"), line("promise")].map((l) => l.replace(/\.test\.ts:\d+\)/, ".test.ts:?)").replace(/\.ts:\d+\)/, ".ts:?)"))).toEqual([
        "generator mine          mine (task-table.test.ts:?): awaiting <Future pending>",
        "generator <anonymous>   <anonymous> (task-table.test.ts:?): awaiting <Future pending>",
        "generator awaitWrapper  awaitWrapper (task.ts:?): awaiting <Future pending>",
      ]);
      for (const t of [viaLib, anonymous, fromPromise]) t.cancel();
    });
  });

  it("with a stack formatter that gives no line numbers, shows the file alone", async () => {
    const E = Error as unknown as { prepareStackTrace?: unknown };
    const previous = E.prepareStackTrace;
    E.prepareStackTrace = (err: Error, sites: { getFunctionName(): string | null; getFileName(): string | null | undefined }[]) =>
      `${err}` + sites.map((s) => `\n    at ${s.getFunctionName() ?? "<anonymous>"} (${s.getFileName() ?? "<anonymous>"})`).join("");
    const loop = new TestLoop({ debug: true });
    loop.slowCallbackDuration = 60; // no slow-step warnings on a busy machine
    let row = "";
    try {
      await loop.runUntilComplete(function* () {
        const t = createTask(function* napper(): Coroutine<void> { yield* sleep(10); }, { name: "napper" });
        yield* sleep(1);
        row = formatTaskTable().split("\n")[2]!;
        t.cancel();
      });
    } finally {
      E.prepareStackTrace = previous;
    }
    expect(stable(row)).toBe("0x?  napper  waiting  -           generator napper       napper (task-table.test.ts): awaiting <Future pending>");
  });
});

describe("a task linked to a future that stands for itself", () => {
  for (const style of ["generator", "async"] as const) {
    it(`is not its own awaiter (${style})`, async () => {
      const loop = new TestLoop();
      await loop.runUntilComplete(loop.createTask(function* main(): Coroutine<void> {
        const outer = new Future<void>();
        const t = style === "generator"
          ? createTask(function* loopy(): Coroutine<void> { yield* outer; }, { name: "t" })
          : createTask(async function loopy() { await outer; }, { name: "t" });
        _awaitThrough(outer, [t]);
        yield* sleep(1);
        expect(stable(formatTaskTable()).split("\n")).toEqual([
          ...(style === "generator"
            ? [
              "id   name  state    awaited by  coroutine        location",
              "0x?  main  running  -           generator main   (running now)",
              "0x?  t     waiting  -           generator loopy  awaiting <Future pending>",
            ]
            : [
              "id   name  state    awaited by  coroutine       location",
              "0x?  main  running  -           generator main  (running now)",
              "0x?  t     waiting  -           async loopy     awaiting <Future pending>",
            ]),
        ]);
        expect(formatTaskTree().split("\n")).toEqual([
          "├── (T) main  generator main  [running]",
          `└── (T) t  ${style} loopy`,
        ]);
        t.cancel();
      }, { name: "main" }));
    });
  }
});
