import { describe, expect, it } from "vitest";
import { ByteBuffer } from "../src/byte-buffer.js";
import { payload } from "./helpers.js";

/** A seeded generator of small integers, so a failure replays. */
function rng(seed: number): (n: number) => number {
  let x = seed;
  return (n) => {
    x = (x * 48271) % 2147483647;
    return x % n;
  };
}

describe("ByteBuffer (the reader's chunk queue)", () => {
  it("take, takeAll, indexOf and startsWith agree with one flat Buffer, over random chunkings", () => {
    for (let seed = 1; seed <= 200; seed++) {
      const rand = rng(seed);
      const buf = new ByteBuffer();
      let flat = Buffer.alloc(0);
      for (let step = 0; step < 60; step++) {
        const op = rand(4);
        if (op <= 1) {
          // small alphabet, so separators occur and straddle chunk boundaries
          const chunk = Buffer.from(Array.from({ length: rand(7) }, () => 97 + rand(3)));
          buf.push(chunk);
          flat = Buffer.concat([flat, chunk]);
        } else if (op === 2) {
          const n = rand(flat.length + 2);
          expect(buf.take(n)).toEqual(flat.subarray(0, n));
          flat = flat.subarray(Math.min(n, flat.length));
        } else {
          const sep = Buffer.from(Array.from({ length: 1 + rand(3) }, () => 97 + rand(3)));
          const from = rand(flat.length + 1);
          expect(buf.indexOf(sep, from)).toBe(flat.indexOf(sep, from));
          const at = rand(flat.length + 1);
          expect(buf.startsWith(sep, at)).toBe(flat.subarray(at, at + sep.length).equals(sep));
        }
        expect(buf.length).toBe(flat.length);
      }
      expect(buf.takeAll()).toEqual(flat);
      expect(buf.length).toBe(0);
    }
  });

  it("a read inside one chunk is a view of that chunk (no copy)", () => {
    const chunk = payload(100);
    const buf = new ByteBuffer();
    buf.push(chunk);
    const part = buf.take(10);
    expect(part.buffer).toBe(chunk.buffer);
    expect(buf.take(90).buffer).toBe(chunk.buffer);
  });

  it("stays O(1) per chunk over a long run of small pushes and takes", () => {
    const buf = new ByteBuffer();
    const one = Buffer.from("x");
    let taken = 0;
    for (let i = 0; i < 200_000; i++) {
      buf.push(one);
      buf.push(one);
      taken += buf.take(1).length;
    }
    expect(taken).toBe(200_000);
    expect(buf.length).toBe(200_000);
    expect(buf.takeAll().length).toBe(200_000);
  });
});
