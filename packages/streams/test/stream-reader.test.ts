import { describe, expect, it } from "vitest";
import { getRunningLoop, type Awaitable } from "@aio/core";
import { createTask } from "@aio/task";
import { TestLoop, run } from "@aio/loop";
import { sleep, timeout, waitFor } from "@aio/combinators";
import { IncompleteReadError, LimitOverrunError, StreamReader, type ReadTransport } from "../src/index.js";
import { STYLES, awaiting, b, type Style } from "./helpers.js";

/** Runs `main` on a virtual-time loop. */
function virtual<T>(main: () => Awaitable<T> | Promise<T> | Generator<unknown, T, unknown>): Promise<T> {
  return run(main as never, { loopFactory: () => new TestLoop() }) as Promise<T>;
}

/** A reader with `chunks` fed and, if `eof`, ended. */
function fed(chunks: string[], eof = false, limit?: number): StreamReader {
  const r = new StreamReader(limit === undefined ? {} : { limit });
  for (const c of chunks) r.feedData(b(c));
  if (eof) r.feedEof();
  return r;
}

/** Reads in a task of the given style, on virtual time. */
function readIn<T>(style: Style, make: () => Awaitable<T>): Promise<T> {
  return virtual(awaiting(style, make) as never);
}

/** A transport that records the flow-control calls a reader makes (the interface, not a socket). */
class RecordingTransport implements Pick<ReadTransport, "pauseReading" | "resumeReading"> {
  calls: string[] = [];
  pauseReading(): void {
    this.calls.push("pause");
  }
  resumeReading(): void {
    this.calls.push("resume");
  }
}

describe.each(STYLES)("StreamReader with %s tasks", (style) => {
  it("read(n) returns what is buffered, at most n bytes, without waiting", async () => {
    const r = fed(["hello ", "world"]);
    expect((await readIn(style, () => r.read(3))).toString()).toBe("hel");
    expect((await readIn(style, () => r.read(100))).toString()).toBe("lo world");
  });

  it("read() with no argument reads to EOF; read(0) returns an empty chunk at once", async () => {
    const r = fed(["a", "bc", "def"], true);
    expect((await readIn(style, () => r.read(0))).length).toBe(0);
    expect((await readIn(style, () => r.read())).toString()).toBe("abcdef");
    expect(r.atEof()).toBe(true);
    expect((await readIn(style, () => r.read(5))).length).toBe(0);
  });

  it("read(n) waits for the next feed, and returns an empty chunk at EOF", async () => {
    const r = new StreamReader();
    const out = await virtual(
      awaiting(style, () => {
        const loop = getRunningLoop();
        loop.callLater(1, () => r.feedData(b("late")));
        return r.read(10);
      }) as never,
    );
    expect(String(out)).toBe("late");
    const atEnd = await virtual<Buffer>(
      awaiting(style, () => {
        getRunningLoop().callLater(1, () => r.feedEof());
        return r.read(10);
      }) as never,
    );
    expect(atEnd.length).toBe(0);
  });

  it("readline() returns lines with their newline, then the unterminated rest, then empty chunks", async () => {
    const r = fed(["one\ntw", "o\nthr", "ee"], true);
    const lines: string[] = [];
    for (let i = 0; i < 4; i++) lines.push((await readIn(style, () => r.readline())).toString());
    expect(lines).toEqual(["one\n", "two\n", "three", ""]);
  });

  it("readexactly(n) returns exactly n bytes across chunks", async () => {
    const r = fed(["ab", "cd", "ef"]);
    expect((await readIn(style, () => r.readexactly(5))).toString()).toBe("abcde");
    expect((await readIn(style, () => r.readexactly(0))).length).toBe(0);
  });

  it("readexactly(n) at EOF fails with IncompleteReadError holding the partial bytes, and empties the buffer", async () => {
    const r = fed(["abc"], true);
    const err = await readIn(style, () => r.readexactly(5)).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(IncompleteReadError);
    const e = err as IncompleteReadError;
    expect(e.partial.toString()).toBe("abc");
    expect(e.expected).toBe(5);
    expect(e.message).toBe("3 bytes read on a total of 5 expected bytes");
    expect(r.atEof()).toBe(true);
  });

  it("readuntil(sep) finds a separator split across chunks", async () => {
    const r = fed(["abc\r", "\ndef\r\n"]);
    expect((await readIn(style, () => r.readuntil(b("\r\n")))).toString()).toBe("abc\r\n");
    expect((await readIn(style, () => r.readuntil(b("\r\n")))).toString()).toBe("def\r\n");
  });

  it("readuntil([seps]) returns the shortest chunk that ends with any of them (CPython 3.13)", async () => {
    const r = fed(["key=value;next|x"]);
    expect((await readIn(style, () => r.readuntil([b("|"), b(";")]))).toString()).toBe("key=value;");
    expect((await readIn(style, () => r.readuntil([b(";"), b("|")]))).toString()).toBe("next|");
  });

  it("readuntil() at EOF without the separator fails with IncompleteReadError(partial, null)", async () => {
    const r = fed(["abc"], true);
    const e = (await readIn(style, () => r.readuntil(b("!"))).catch((x: unknown) => x)) as IncompleteReadError;
    expect(e).toBeInstanceOf(IncompleteReadError);
    expect([e.partial.toString(), e.expected, e.message]).toEqual(["abc", null, "3 bytes read on a total of null expected bytes"]);
  });

  it("readuntil() over the limit fails with LimitOverrunError and keeps the data", async () => {
    const r = fed(["0123456789abcdef"], false, 8);
    const e = (await readIn(style, () => r.readuntil(b("\n"))).catch((x: unknown) => x)) as LimitOverrunError;
    expect(e).toBeInstanceOf(LimitOverrunError);
    expect(e.message).toBe("Separator is not found, and chunk exceed the limit");
    expect(e.consumed).toBe(16);
    expect((await readIn(style, () => r.read(100))).toString()).toBe("0123456789abcdef");
  });

  it("readuntil() with the separator beyond the limit fails with LimitOverrunError('Separator is found, ...')", async () => {
    const r = fed(["0123456789\n"], false, 8);
    const e = (await readIn(style, () => r.readuntil(b("\n"))).catch((x: unknown) => x)) as LimitOverrunError;
    expect([e.name, e.message, e.consumed]).toEqual(["LimitOverrunError", "Separator is found, but chunk is longer than limit", 10]);
    expect((await readIn(style, () => r.readexactly(11))).toString()).toBe("0123456789\n");
  });

  it("readline() over the limit fails with RangeError and drops the line up to its newline", async () => {
    const r = fed(["0123456789\nok\n"], false, 8);
    const e = (await readIn(style, () => r.readline()).catch((x: unknown) => x)) as Error;
    expect(e).toBeInstanceOf(RangeError);
    expect(e.message).toBe("Separator is found, but chunk is longer than limit");
    expect((await readIn(style, () => r.readline())).toString()).toBe("ok\n");
  });

  it("readline() over the limit with no newline yet clears the buffer", async () => {
    const r = fed(["0123456789abcdef"], false, 8);
    const e = (await readIn(style, () => r.readline()).catch((x: unknown) => x)) as Error;
    expect([e.constructor, e.message]).toEqual([RangeError, "Separator is not found, and chunk exceed the limit"]);
    r.feedData(b("tail\n"));
    expect((await readIn(style, () => r.readline())).toString()).toBe("tail\n");
  });

  it("setException() fails the waiting read and every later one, buffered data or not", async () => {
    const r = new StreamReader();
    const boom = new Error("boom");
    const results: string[] = [];
    const attempt = async (make: () => Awaitable<Buffer>): Promise<void> => {
      try {
        results.push((await readIn(style, make)).toString());
      } catch (e) {
        results.push((e as Error).message);
      }
    };
    r.feedData(b("x"));
    await attempt(() => r.read(1));
    await attempt(() => {
      getRunningLoop().callLater(1, () => r.setException(boom));
      return r.read(1);
    });
    r.feedData(b("y"));
    await attempt(() => r.read(1));
    await attempt(() => r.readline());
    expect(results).toEqual(["x", "boom", "boom", "boom"]);
    expect(r.exception()).toBe(boom);
  });

  it("two reads waiting at once: the second fails at once with a clear Error", async () => {
    const r = new StreamReader();
    const out = await virtual(async () => {
      const first = createTask(awaiting(style, () => r.read(1)) as never);
      await sleep(0);
      const second = createTask(awaiting(style, () => r.readline()) as never);
      await sleep(0);
      const msg = (second.exception() as Error).message;
      r.feedData(b("z"));
      return [msg, String(await first)];
    });
    // readline() waits inside readuntil(), which the message names (as CPython's does).
    expect(out).toEqual(["StreamReader.readuntil() called while another coroutine is already waiting for incoming data", "z"]);
  });

  it.each([
    ["readline()", (r: StreamReader) => r.readline(), (r: StreamReader) => r.readline()],
    ["readexactly()", (r: StreamReader) => r.readexactly(100), (r: StreamReader) => r.readexactly(13)],
    ["readuntil()", (r: StreamReader) => r.readuntil(b("!")), (r: StreamReader) => r.readuntil(b("\n"))],
  ])("cancelling a pending %s loses no byte: what was buffered and what comes later go to the next read", async (_name, first, second) => {
    // Actors: a reader task waits in the first read with "partial " buffered; the test cancels it,
    // then feeds "line\n"; a second read must return "partial line\n" whole.
    const r = new StreamReader();
    const out = await virtual(async () => {
      r.feedData(b("partial "));
      const t = createTask(awaiting(style, () => first(r)) as never);
      await sleep(1);
      t.cancel();
      await sleep(1);
      const state = t.cancelled() ? "cancelled" : "not cancelled";
      r.feedData(b("line\n"));
      const next = await createTask(awaiting(style, () => second(r)) as never);
      return [state, String(next)];
    });
    expect(out).toEqual(["cancelled", "partial line\n"]);
  });

  it("cancelling read() (to EOF) drops the blocks it had collected, as in CPython; later bytes stay", async () => {
    const r = new StreamReader();
    const out = await virtual(async () => {
      r.feedData(b("collected "));
      const t = createTask(awaiting(style, () => r.read()) as never);
      await sleep(1);
      t.cancel();
      await sleep(1);
      r.feedData(b("kept"));
      r.feedEof();
      return String(await createTask(awaiting(style, () => r.read()) as never));
    });
    expect(out).toBe("kept");
  });

  it("timeout() and waitFor() around reads raise TimeoutError and keep the bytes", async () => {
    const r = new StreamReader();
    const body =
      style === "generator"
        ? function* (): Generator<unknown, string[], unknown> {
            const out: string[] = [];
            r.feedData(b("ab"));
            try {
              yield* timeout(1, function* () {
                return yield* r.readline();
              });
            } catch (e) {
              out.push((e as Error).name);
            }
            r.feedData(b("c"));
            try {
              yield* waitFor(r.readexactly(10), 1);
            } catch (e) {
              out.push((e as Error).name);
            }
            r.feedData(b("\n"));
            out.push(String(yield* r.readline()));
            return out;
          }
        : async (): Promise<string[]> => {
            const out: string[] = [];
            r.feedData(b("ab"));
            try {
              await timeout(1, async () => await r.readline());
            } catch (e) {
              out.push((e as Error).name);
            }
            r.feedData(b("c"));
            try {
              await waitFor(r.readexactly(10), 1);
            } catch (e) {
              out.push((e as Error).name);
            }
            r.feedData(b("\n"));
            out.push(String(await r.readline()));
            return out;
          };
    expect(await virtual(body as never)).toEqual(["TimeoutError", "TimeoutError", "abc\n"]);
  });

  it("pauses its transport over 2 × limit and resumes it at limit or less; a waiting read resumes it too", async () => {
    const t = new RecordingTransport();
    const r = new StreamReader({ limit: 4 });
    r.setTransport(t as unknown as ReadTransport);
    r.feedData(b("12345678"));
    expect(t.calls).toEqual([]);
    r.feedData(b("9"));
    expect(t.calls).toEqual(["pause"]);
    r.feedData(b("0"));
    expect(t.calls).toEqual(["pause"]);
    await readIn(style, () => r.read(5)); // 5 left: still over the limit
    expect(t.calls).toEqual(["pause"]);
    await readIn(style, () => r.read(1)); // 4 left
    expect(t.calls).toEqual(["pause", "resume"]);
    r.feedData(b("abcdef")); // 10 > 8
    expect(t.calls).toEqual(["pause", "resume", "pause"]);
    // readexactly(n) beyond what fits resumes the transport while it waits
    const out = await virtual(
      awaiting(style, () => {
        getRunningLoop().callLater(1, () => r.feedData(b("XYZ")));
        return r.readexactly(13);
      }) as never,
    );
    expect(String(out)).toBe("7890abcdefXYZ");
    // resumed to wait; paused again when XYZ made 13 > 8; resumed when the read took everything
    expect(t.calls).toEqual(["pause", "resume", "pause", "resume", "pause", "resume"]);
  });
});

describe("StreamReader", () => {
  it("async iteration yields lines until EOF", async () => {
    const r = fed(["a\nb", "\nc"], true);
    const lines: string[] = [];
    await virtual(async () => {
      for await (const line of r) lines.push(line.toString());
    });
    expect(lines).toEqual(["a\n", "b\n", "c"]);
  });

  it("feedData after feedEof throws; a transport cannot be set twice", () => {
    const r = fed([], true);
    expect(() => r.feedData(b("x"))).toThrow("StreamReader.feedData(data): feedData after feedEof");
    const r2 = new StreamReader();
    r2.setTransport(new RecordingTransport() as unknown as ReadTransport);
    expect(() => r2.setTransport(new RecordingTransport() as unknown as ReadTransport)).toThrow("Transport already set");
  });

  it("toString shows the buffer, EOF, limit and pause state", () => {
    const r = new StreamReader({ limit: 10 });
    expect(String(r)).toBe("<StreamReader limit=10>");
    r.feedData(b("abc"));
    r.feedEof();
    expect(String(r)).toBe("<StreamReader 3 bytes eof limit=10>");
  });

  it("a read that must wait, outside a running loop, fails with 'no running event loop'", () => {
    const r = new StreamReader();
    expect(() => r.read(1)[Symbol.iterator]().next()).toThrow("no running event loop");
  });

  it("a read served from the buffer needs no loop and no iteration", () => {
    const r = fed(["abc\n"]);
    expect(r.readline()[Symbol.iterator]().next()).toEqual({ done: true, value: b("abc\n") });
  });
});
