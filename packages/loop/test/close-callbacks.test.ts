// loop._onClose(): what packages whose resources outlive tasks (child processes) use to learn
// that the loop was closed.
import { describe, expect, it, vi } from "vitest";
import { EventLoop, TestLoop } from "@aio/loop";

describe("loop._onClose()", () => {
  it("runs each callback once, when close() runs, with the loop already marked closed", () => {
    const loop = new EventLoop();
    const seen: boolean[] = [];
    loop._onClose(() => seen.push(loop.isClosed()));
    loop._onClose(() => seen.push(loop.isClosed()));
    expect(seen).toEqual([]);
    loop.close();
    loop.close();
    expect(seen).toEqual([true, true]);
  });

  it("returns a function that unregisters the callback", () => {
    const loop = new TestLoop();
    const seen: string[] = [];
    const off = loop._onClose(() => seen.push("removed"));
    loop._onClose(() => seen.push("kept"));
    off();
    off();
    loop.close();
    expect(seen).toEqual(["kept"]);
  });

  it("a callback that throws is printed; the others still run", () => {
    const loop = new EventLoop();
    const printed = vi.spyOn(console, "error").mockImplementation(() => {});
    const seen: string[] = [];
    let output = "";
    try {
      loop._onClose(() => {
        throw new Error("close callback failed");
      });
      loop._onClose(() => seen.push("second"));
      loop.close();
      output = printed.mock.calls.map((args) => args.join(" ")).join("\n");
    } finally {
      printed.mockRestore();
    }
    expect(seen).toEqual(["second"]);
    expect(output).toMatch(/Exception in a close callback[\s\S]*close callback failed/);
  });
});
