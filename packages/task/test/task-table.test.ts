// allTasks() for people: formatTaskTable (`python -m asyncio ps`) and formatTaskTree (`pstree`).
import { describe, expect, it } from "vitest";
import type { Coroutine } from "@aio/core";
import { Future } from "@aio/future";
import { TestLoop } from "@aio/loop";
import { currentTask, createTask, formatTaskTable, formatTaskTree, type Task } from "@aio/task";
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
