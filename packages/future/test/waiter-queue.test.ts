// _WaiterQueue: the FIFO line of waiter futures under every sync and queue primitive.
import { describe, expect, it } from "vitest";
import { Future, _WaiterQueue } from "@aio/future";
import { TestLoop } from "@aio/loop";

function line(n: number): { q: _WaiterQueue<string>; futs: Future<string>[]; loop: TestLoop } {
  const loop = new TestLoop();
  const q = new _WaiterQueue<string>();
  const futs = Array.from({ length: n }, () => new Future<string>({ loop }));
  for (const f of futs) q.add(f);
  return { q, futs, loop };
}

/** Futures are iterable, so compare lines by identity, never with deep equality. */
function expectSame(actual: readonly unknown[], expected: readonly unknown[]): void {
  expect(actual.length).toBe(expected.length);
  actual.forEach((x, i) => expect(x).toBe(expected[i]));
}

const states = (futs: Future<string>[]): string[] => futs.map((f) => (f.cancelled() ? "c" : f.done() ? f.result() : "-"));

describe("_WaiterQueue", () => {
  it("keeps waiters in arrival order and counts them", () => {
    const { q, futs } = line(3);
    expect(q.size).toBe(3);
    expect(q.first()).toBe(futs[0]);
    expectSame(q.toArray(), futs);
    expect(new _WaiterQueue().first()).toBeUndefined();
  });

  it("wakeFirst() wakes only a pending head: a woken or cancelled head blocks it", () => {
    const { q, futs } = line(2);
    expect(q.wakeFirst("a")).toBe(true);
    expect(q.wakeFirst("b")).toBe(false); // the head is woken but has not left yet
    futs[0]!.cancel();
    expect(states(futs)).toEqual(["a", "-"]);
    q.remove(futs[0]!);
    expect(q.wakeFirst("b")).toBe(true);
    expect(states(futs)).toEqual(["a", "b"]);
  });

  it("wakeNext() skips done waiters; wakeUpTo(n) and wakeAll() wake in order", () => {
    const { q, futs } = line(6);
    futs[1]!.cancel();
    expect(q.wakeNext("x")).toBe(true);
    expect(q.wakeNext("y")).toBe(true);
    expect(states(futs)).toEqual(["x", "c", "y", "-", "-", "-"]);
    expect(q.wakeUpTo(2, "z")).toBe(2);
    expect(q.wakeAll("w")).toBe(1);
    expect(q.wakeNext("v")).toBe(false);
    expect(states(futs)).toEqual(["x", "c", "y", "z", "z", "w"]);
    expect(q.wakeUpTo(0, "u")).toBe(0);
  });

  it("remove() reports whether the waiter held an unused wake-up", () => {
    const { q, futs } = line(3);
    q.wakeNext("x");
    futs[1]!.cancel();
    expect(q.remove(futs[0]!)).toBe(true); // woken
    expect(q.remove(futs[1]!)).toBe(false); // cancelled
    expect(q.remove(futs[2]!)).toBe(false); // still pending
    expect(q.size).toBe(0);
    expect(q.remove(futs[2]!)).toBe(false); // removing twice is harmless
    expect(q.size).toBe(0);
  });

  it("removes from the middle lazily: skipped by first(), wakes and counts", () => {
    const { q, futs } = line(4);
    q.remove(futs[1]!);
    q.remove(futs[2]!);
    expect(q.size).toBe(2);
    expectSame(q.toArray(), [futs[0], futs[3]]);
    q.remove(futs[0]!);
    expect(q.first()).toBe(futs[3]);
    expect(q.wakeNext("x")).toBe(true);
    expect(futs[3]!.result()).toBe("x");
    expect(futs[1]!.done()).toBe(false);
  });

  it("hasLive() is false only when every waiter in line is cancelled", () => {
    const { q, futs } = line(3);
    expect(q.hasLive()).toBe(true);
    futs[0]!.cancel();
    futs[1]!.cancel();
    expect(q.hasLive()).toBe(true);
    q.wakeNext("x"); // a woken waiter is still in line
    expect(q.hasLive()).toBe(true);
    q.remove(futs[2]!);
    expect(q.hasLive()).toBe(false);
    expect(new _WaiterQueue().hasLive()).toBe(false);
  });

  it("stays small when waiters behind a stuck head keep leaving (compaction)", () => {
    const loop = new TestLoop();
    const q = new _WaiterQueue<number>();
    const head = new Future<number>({ loop });
    q.add(head);
    for (let i = 0; i < 10_000; i++) {
      const f = new Future<number>({ loop });
      q.add(f);
      f.cancel();
      q.remove(f);
    }
    expect(q.size).toBe(1);
    expectSame(q.toArray(), [head]);
    expect(q.wakeNext(1)).toBe(true);
    expect(head.result()).toBe(1);
  });

  it("keeps FIFO order across growth, wrap-around and random removals", () => {
    const loop = new TestLoop();
    const q = new _WaiterQueue<number>();
    const model: Future<number>[] = [];
    let seed = 1;
    const rnd = (n: number): number => (seed = (seed * 48271) % 2147483647) % n;
    for (let step = 0; step < 5000; step++) {
      const r = rnd(10);
      if (r < 5 || model.length === 0) {
        const f = new Future<number>({ loop });
        q.add(f);
        model.push(f);
      } else if (r < 8) {
        const f = model.splice(rnd(model.length), 1)[0]!;
        q.remove(f);
      } else {
        const f = model.shift()!;
        q.remove(f);
      }
      expect(q.size).toBe(model.length);
      if (step % 97 === 0) expectSame(q.toArray(), model);
      expect(q.first()).toBe(model[0]);
    }
  });

  it("an empty line wakes nobody, whether it never had a waiter or every waiter left", () => {
    const loop = new TestLoop();
    const q = new _WaiterQueue<number>();
    expect(q.wakeNext(1)).toBe(false);
    expect(q.wakeFirst(1)).toBe(false);
    expect(q.wakeUpTo(3, 1)).toBe(0);
    expect(q.hasLive()).toBe(false);
    const f = new Future<number>({ loop });
    q.add(f);
    q.remove(f);
    expect(q.wakeNext(1)).toBe(false);
    expect(q.first()).toBeUndefined();
    expect(f.done()).toBe(false);
  });

  it("lines never share storage: a waiter added to one is not seen by another", () => {
    const loop = new TestLoop();
    const [a, b] = [new _WaiterQueue<number>(), new _WaiterQueue<number>()];
    const [fa, fb] = [new Future<number>({ loop }), new Future<number>({ loop })];
    a.add(fa);
    b.add(fb);
    expect(a.first()).toBe(fa);
    expect(b.first()).toBe(fb);
    expect(new _WaiterQueue<number>().first()).toBeUndefined();
  });

  it("removing a waiter twice counts it out once", () => {
    const { q, futs } = line(3);
    q.remove(futs[1]!);
    q.remove(futs[1]!);
    expect(q.size).toBe(2);
    expectSame(q.toArray(), [futs[0], futs[2]]);
  });

  it("agrees with a plain array model under every mix of adds, removals, cancels and wakes", () => {
    for (const seed0 of [1, 7, 42, 1234, 99991]) {
      const loop = new TestLoop();
      const q = new _WaiterQueue<number>();
      const model: Future<number>[] = [];
      let seed = seed0;
      const rnd = (n: number): number => (seed = (seed * 48271) % 2147483647) % n;
      let value = 0;
      for (let step = 0; step < 3000; step++) {
        // Phases: mostly adds, then mostly removals from the middle (so removals pile up and compact).
        const phase = Math.floor(step / 300) % 3;
        const r = rnd(20);
        const pendingIn = model.filter((f) => !f.done());
        if (model.length === 0 || (phase === 0 ? r < 9 : r < 4)) {
          const f = new Future<number>({ loop });
          q.add(f);
          model.push(f);
        } else if (r < (phase === 1 ? 14 : 10)) {
          const i = model.length > 1 ? 1 + rnd(model.length - 1) : 0; // behind the head
          const f = model.splice(i, 1)[0]!;
          expect(q.remove(f)).toBe(f.done() && !f.cancelled());
        } else if (r < 12) {
          const f = model.shift()!;
          expect(q.remove(f)).toBe(f.done() && !f.cancelled());
        } else if (r < 13) {
          model[rnd(model.length)]!.cancel();
        } else if (r < 15) {
          const expected = pendingIn[0];
          expect(q.wakeNext(++value)).toBe(expected !== undefined);
          if (expected !== undefined) expect(expected.result()).toBe(value);
        } else if (r < 17) {
          const n = rnd(4);
          const expected = pendingIn.slice(0, n);
          expect(q.wakeUpTo(n, ++value)).toBe(expected.length);
          for (const f of expected) expect(f.result()).toBe(value);
          for (const f of pendingIn.slice(n)) expect(f.done()).toBe(false);
        } else if (r < 18) {
          const head = model[0]!;
          const wakes = !head.done();
          expect(q.wakeFirst(++value)).toBe(wakes);
          if (wakes) expect(head.result()).toBe(value);
        } else {
          expect(q.hasLive()).toBe(model.some((f) => !f.cancelled()));
        }
        expect(q.size).toBe(model.length);
        expect(q.first()).toBe(model[0]);
        if (step % 37 === 0) expectSame(q.toArray(), model);
      }
      expectSame(q.toArray(), model);
      expect(q.hasLive()).toBe(model.some((f) => !f.cancelled()));
    }
  }, 60_000); // CPU-bound: five seeds of random operation mixes
});
