import { describe, expectTypeOf, it } from "vitest";
import type { Coroutine } from "@aio/core";
import {
  Protocol,
  createConnection,
  createDatagramEndpoint,
  DatagramProtocol,
  openConnection,
  startServer,
  type DatagramTransport,
  type Server,
  type StreamReader,
  type StreamWriter,
  type Transport,
} from "../src/index.js";

declare const reader: StreamReader;
declare const writer: StreamWriter;

class Mine extends Protocol {
  extra = 1;
}

describe("stream types", () => {
  it("types what yield* and await give", () => {
    function* body(): Coroutine<void> {
      expectTypeOf(yield* openConnection("h", 1)).toEqualTypeOf<[StreamReader, StreamWriter]>();
      expectTypeOf(yield* startServer(() => {}, "h", 1)).toEqualTypeOf<Server>();
      expectTypeOf(yield* reader.readline()).toEqualTypeOf<Buffer>();
      expectTypeOf(yield* reader.readexactly(3)).toEqualTypeOf<Buffer>();
      expectTypeOf(yield* writer.drain()).toEqualTypeOf<void>();
      const [t, p] = yield* createConnection(() => new Mine(), "h", 1);
      expectTypeOf(t).toEqualTypeOf<Transport>();
      expectTypeOf(p.extra).toEqualTypeOf<number>();
    }
    async function asyncBody(): Promise<void> {
      const [r, w] = await openConnection("h", 1);
      expectTypeOf(r).toEqualTypeOf<StreamReader>();
      expectTypeOf(w).toEqualTypeOf<StreamWriter>();
      expectTypeOf(await reader.read()).toEqualTypeOf<Buffer>();
      for await (const line of reader) expectTypeOf(line).toEqualTypeOf<Buffer>();
      const [dt] = await createDatagramEndpoint(() => new DatagramProtocol(), { localAddr: ["127.0.0.1", 0] });
      expectTypeOf(dt).toEqualTypeOf<DatagramTransport>();
      // @ts-expect-error strings are not bytes
      writer.write("text");
      // @ts-expect-error a port is a number
      void openConnection("h", "80", {});
    }
    void body;
    void asyncBody;
  });
});
