// Bad input, table by table: every public function, constructor and method of @aio/streams given
// wrong types, out-of-range numbers and misuse. A refused call fails where it is made, with the
// exact error class and a message that names the function and the argument; misuse that can only
// be seen when the awaitable runs (no running loop) fails when it is awaited.
import { describe, expect, it } from "vitest";
import { run } from "@aio/loop";
import {
  DatagramProtocol,
  FlowControlProtocol,
  Protocol,
  StreamReader,
  StreamReaderProtocol,
  StreamWriter,
  connectReadPipe,
  connectWritePipe,
  createConnection,
  createDatagramEndpoint,
  createServer,
  createUnixConnection,
  createUnixServer,
  openConnection,
  openUnixConnection,
  startServer,
  startUnixServer,
  type StreamReader as Reader,
  type StreamWriter as Writer,
  type WriteTransport,
} from "../src/index.js";
import { errorOf, rejectionOf, type Accepted, type Refused } from "../../../tooling/config/bad-input.js";
import { b, portOf } from "./helpers.js";

const fn = (): Protocol => new Protocol();
const reader = (): StreamReader => new StreamReader();

const refused: Refused[] = [
  // StreamReader
  { call: "new StreamReader(42)", run: () => new StreamReader(42 as never), error: TypeError, message: /^StreamReader\(options\): expected an options object \{ limit\?, loop\? \}, got 42 \(number\)$/ },
  { call: "new StreamReader({ limit: 0 })", run: () => new StreamReader({ limit: 0 }), error: RangeError, message: /^StreamReader\(options\.limit\): Limit cannot be <= 0, got 0 \(number\)$/ },
  { call: "new StreamReader({ limit: NaN })", run: () => new StreamReader({ limit: NaN }), error: RangeError, message: /^StreamReader\(options\.limit\): Limit cannot be <= 0, got NaN/ },
  { call: 'new StreamReader({ limit: "1" })', run: () => new StreamReader({ limit: "1" as never }), error: TypeError, message: /^StreamReader\(options\.limit\): expected a number of bytes, got "1" \(string\)$/ },
  { call: 'reader.read("1")', run: () => reader().read("1" as never), error: TypeError, message: /^StreamReader\.read\(n\): expected a number of bytes, got "1" \(string\)$/ },
  { call: "reader.read(NaN)", run: () => reader().read(NaN), error: TypeError, message: /^StreamReader\.read\(n\): expected a number of bytes, got NaN/ },
  { call: "reader.readexactly(-1)", run: () => reader().readexactly(-1), error: RangeError, message: /^StreamReader\.readexactly\(n\): readexactly size can not be less than zero, got -1$/ },
  { call: "reader.readexactly(null)", run: () => reader().readexactly(null as never), error: TypeError, message: /^StreamReader\.readexactly\(n\): expected a number of bytes, got null$/ },
  { call: 'reader.readuntil("\\n")', run: () => reader().readuntil("\n" as never), error: TypeError, message: /^StreamReader\.readuntil\(separator\): expected a Uint8Array or an array of them, got "\\n" \(string\)$/ },
  { call: "reader.readuntil(empty)", run: () => reader().readuntil(b("")), error: RangeError, message: /^StreamReader\.readuntil\(separator\): Separator should be at least one-byte string$/ },
  { call: "reader.readuntil([])", run: () => reader().readuntil([]), error: RangeError, message: /^StreamReader\.readuntil\(separator\): Separator should contain at least one element$/ },
  { call: "reader.readuntil([sep, 1])", run: () => reader().readuntil([b("a"), 1 as never]), error: TypeError, message: /^StreamReader\.readuntil\(separator\[1\]\): expected a Uint8Array .*got 1 \(number\)$/ },
  { call: 'reader.feedData("x")', run: () => reader().feedData("x" as never), error: TypeError, message: /^StreamReader\.feedData\(data\): expected a Uint8Array \(a Buffer is one; encode strings with Buffer\.from or TextEncoder\), got "x" \(string\)$/ },
  // StreamWriter and the protocols
  { call: "new StreamWriter(null, ...)", run: () => new StreamWriter(null as never, new FlowControlProtocol(), null), error: TypeError, message: /^StreamWriter\(transport\): expected a WriteTransport, got null$/ },
  { call: "new StreamWriter(transport, {})", run: () => new StreamWriter({ write() {} } as unknown as WriteTransport, {} as never, null), error: TypeError, message: /^StreamWriter\(transport, protocol\): expected a FlowControlProtocol, got Object \(object\)$/ },
  { call: "new FlowControlProtocol(1)", run: () => new FlowControlProtocol(1 as never), error: TypeError, message: /^FlowControlProtocol\(options\): expected an options object \{ loop\? \}, got 1 \(number\)$/ },
  { call: "new StreamReaderProtocol(reader, 42)", run: () => new StreamReaderProtocol(reader(), 42 as never), error: TypeError, message: /^StreamReaderProtocol\(reader, clientConnected\): expected a function or null, got number$/ },
  // openConnection / createConnection
  { call: "openConnection(1, 80)", run: () => openConnection(1 as never, 80), error: TypeError, message: /^openConnection\(host\): expected a host name or address \(string\) or null, got 1 \(number\)$/ },
  { call: 'openConnection("h", "http")', run: () => openConnection("h", "http" as never), error: TypeError, message: /^openConnection\(port\): expected a port number, got "http" \(string\)$/ },
  { call: 'openConnection("h", 70000)', run: () => openConnection("h", 70000), error: RangeError, message: /^openConnection\(port\): expected an integer from 0 to 65535, got 70000 \(number\)$/ },
  { call: 'openConnection("h", 1.5)', run: () => openConnection("h", 1.5), error: RangeError, message: /^openConnection\(port\): expected an integer from 0 to 65535, got 1\.5 \(number\)$/ },
  { call: "openConnection(null, null)", run: () => openConnection(null, null), error: RangeError, message: /^openConnection\(host, port\): host and port was not specified and no sock specified$/ },
  { call: 'openConnection("h", 80, "x")', run: () => openConnection("h", 80, "x" as never), error: TypeError, message: /^openConnection\(options\): expected an options object \{ limit\?, .*\}, got "x" \(string\)$/ },
  { call: 'openConnection("h", 80, { limit: -1 })', run: () => openConnection("h", 80, { limit: -1 }), error: RangeError, message: /^openConnection\(options\.limit\): Limit cannot be <= 0, got -1 \(number\)$/ },
  { call: 'openConnection("h", 80, { ssl: 5 })', run: () => openConnection("h", 80, { ssl: 5 as never }), error: TypeError, message: /^openConnection\(options\.ssl\): expected true, a tls\.SecureContext or TLS options, got 5 \(number\)$/ },
  { call: 'openConnection("h", 80, { serverHostname: "x" })', run: () => openConnection("h", 80, { serverHostname: "x" }), error: RangeError, message: /^openConnection\(options\.serverHostname\): serverHostname is only meaningful with ssl$/ },
  { call: 'openConnection("h", 80, { ssl: true, sslHandshakeTimeout: 0 })', run: () => openConnection("h", 80, { ssl: true, sslHandshakeTimeout: 0 }), error: RangeError, message: /^openConnection\(options\.sslHandshakeTimeout\): expected a number of seconds > 0, got 0 \(number\)$/ },
  { call: 'openConnection("h", 80, { family: 5 })', run: () => openConnection("h", 80, { family: 5 as never }), error: RangeError, message: /^openConnection\(options\.family\): expected 0, 4 or 6, got 5 \(number\)$/ },
  { call: 'openConnection("h", 80, { localAddr: "x" })', run: () => openConnection("h", 80, { localAddr: "x" as never }), error: TypeError, message: /^openConnection\(options\.localAddr\): expected \[host, port\], got "x" \(string\)$/ },
  { call: 'openConnection("h", 80, { sock: {} })', run: () => openConnection("h", 80, { sock: {} as never }), error: TypeError, message: /^openConnection\(options\.sock\): expected a connected net\.Socket, got Object \(object\)$/ },
  { call: 'createConnection("x", "h", 80)', run: () => createConnection("x" as never, "h", 80), error: TypeError, message: /^createConnection\(protocolFactory\): expected a function, got "x" \(string\)$/ },
  { call: "openUnixConnection(5)", run: () => openUnixConnection(5 as never), error: TypeError, message: /^openUnixConnection\(path\): expected a socket path \(non-empty string\), got 5 \(number\)$/ },
  { call: 'createUnixConnection(fn, "")', run: () => createUnixConnection(fn, ""), error: TypeError, message: /^createUnixConnection\(path\): expected a socket path \(non-empty string\), got "" \(string\)$/ },
  // servers
  { call: "startServer(42)", run: () => startServer(42 as never), error: TypeError, message: /^startServer\(clientConnected\): expected a function, got 42 \(number\)$/ },
  { call: "startServer(cb, 5)", run: () => startServer(() => {}, 5 as never), error: TypeError, message: /^startServer\(host\): expected a host \(string\), an array of hosts, or null for every interface, got 5 \(number\)$/ },
  { call: 'startServer(cb, ["a", 1])', run: () => startServer(() => {}, ["a", 1] as never), error: TypeError, message: /^startServer\(host\[1\]\): expected a host .*got 1 \(number\)$/ },
  { call: 'startServer(cb, "h", -1)', run: () => startServer(() => {}, "h", -1), error: RangeError, message: /^startServer\(port\): expected an integer from 0 to 65535, got -1 \(number\)$/ },
  { call: 'startServer(cb, "h", 0, { backlog: -1 })', run: () => startServer(() => {}, "h", 0, { backlog: -1 }), error: RangeError, message: /^startServer\(options\.backlog\): expected an integer >= 0, got -1 \(number\)$/ },
  { call: 'startServer(cb, "h", 0, { ssl: true })', run: () => startServer(() => {}, "h", 0, { ssl: true }), error: TypeError, message: /^startServer\(options\.ssl\): a server needs a certificate: pass a tls\.SecureContext or \{ key, cert \}, got true$/ },
  { call: 'startServer(cb, "h", 0, { limit: 0 })', run: () => startServer(() => {}, "h", 0, { limit: 0 }), error: RangeError, message: /^startServer\(options\.limit\): Limit cannot be <= 0, got 0 \(number\)$/ },
  { call: "createServer(null)", run: () => createServer(null as never), error: TypeError, message: /^createServer\(protocolFactory\): expected a function, got null$/ },
  { call: "startUnixServer(cb, null)", run: () => startUnixServer(() => {}, null as never), error: TypeError, message: /^startUnixServer\(path\): expected a socket path \(non-empty string\), got null$/ },
  { call: "createUnixServer(fn, 1)", run: () => createUnixServer(fn, 1 as never), error: TypeError, message: /^createUnixServer\(path\): expected a socket path/ },
  // UDP and pipes
  { call: 'createDatagramEndpoint(fn, { localAddr: "x" })', run: () => createDatagramEndpoint(() => new DatagramProtocol(), { localAddr: "x" as never }), error: TypeError, message: /^createDatagramEndpoint\(options\.localAddr\): expected \[host, port\], got "x" \(string\)$/ },
  { call: "createDatagramEndpoint(fn, { remoteAddr: [h, 1e6] })", run: () => createDatagramEndpoint(() => new DatagramProtocol(), { remoteAddr: ["h", 1e6] }), error: RangeError, message: /^createDatagramEndpoint\(port\): expected an integer from 0 to 65535, got 1000000 \(number\)$/ },
  { call: "createDatagramEndpoint(fn, { family: 3 })", run: () => createDatagramEndpoint(() => new DatagramProtocol(), { family: 3 as never }), error: RangeError, message: /^createDatagramEndpoint\(options\.family\): expected 0, 4 or 6, got 3 \(number\)$/ },
  { call: "createDatagramEndpoint(1)", run: () => createDatagramEndpoint(1 as never), error: TypeError, message: /^createDatagramEndpoint\(protocolFactory\): expected a function, got 1 \(number\)$/ },
  { call: "connectReadPipe(fn, {})", run: () => connectReadPipe(fn, {} as never), error: TypeError, message: /^connectReadPipe\(protocolFactory, pipe\): expected a Node Readable stream, got Object \(object\)$/ },
  { call: 'connectWritePipe(fn, "x")', run: () => connectWritePipe(fn, "x" as never), error: TypeError, message: /^connectWritePipe\(protocolFactory, pipe\): expected a Node Writable stream, got "x" \(string\)$/ },
];

/** Runs `body(reader, writer)` on a real connection (a loopback echo server), in a fresh loop. */
function onConnection<T>(body: (r: Reader, w: Writer) => Promise<T>): Promise<T> {
  return run(async () => {
    const server = await startServer(async (r: Reader, w: Writer) => {
      await r.read();
      w.close();
    }, "127.0.0.1", 0);
    const [r, w] = await openConnection("127.0.0.1", portOf(server));
    try {
      return await body(r, w);
    } finally {
      w.close();
      server.close();
      await server.waitClosed();
    }
  });
}

const rejected: Refused[] = [
  { call: 'transport.write("x")', run: () => onConnection(async (_r, w) => w.write("x" as never)), error: TypeError, message: /^Transport\.write\(data\): expected a Uint8Array .*got "x" \(string\)$/ },
  { call: "transport.writelines(5)", run: () => onConnection(async (_r, w) => w.writelines(5 as never)), error: TypeError, message: /^Transport\.writelines\(chunks\): expected an iterable of Uint8Array, got 5 \(number\)$/ },
  { call: 'transport.writelines([b, "x"])', run: () => onConnection(async (_r, w) => w.writelines([b("a"), "x" as never])), error: TypeError, message: /^Transport\.writelines\(chunks\[1\]\): expected a Uint8Array/ },
  { call: 'transport.setWriteBufferLimits("a")', run: () => onConnection(async (_r, w) => w.transport.setWriteBufferLimits("a" as never)), error: TypeError, message: /^Transport\.setWriteBufferLimits\(high\): expected a number of bytes or null, got "a" \(string\)$/ },
  { call: "transport.setWriteBufferLimits(1, 2)", run: () => onConnection(async (_r, w) => w.transport.setWriteBufferLimits(1, 2)), error: RangeError, message: /^Transport\.setWriteBufferLimits\(high, low\): high \(1\) must be >= low \(2\) must be >= 0$/ },
  { call: "writer.startTls(5)", run: () => onConnection(async (_r, w) => await w.startTls(5 as never)), error: TypeError, message: /^startTls\(options\.ssl\): expected true, a tls\.SecureContext or TLS options, got 5 \(number\)$/ },
  { call: "writer.startTls(true, { sslHandshakeTimeout: -1 })", run: () => onConnection(async (_r, w) => await w.startTls(true, { sslHandshakeTimeout: -1 })), error: RangeError, message: /^startTls\(options\.sslHandshakeTimeout\): expected a number of seconds > 0, got -1 \(number\)$/ },
  { call: "openConnection awaited with no running loop", run: () => openConnection("127.0.0.1", 1), error: Error, message: /^no running event loop$/ },
  { call: "startServer awaited with no running loop", run: () => startServer(() => {}, "127.0.0.1", 0), error: Error, message: /^no running event loop$/ },
  { call: "a read that must wait, with no running loop", run: () => reader().readline(), error: Error, message: /^no running event loop$/ },
];

const accepted: Accepted[] = [
  { call: 'openConnection("127.0.0.1", "80"): a numeric string port, as Node and getaddrinfo take', run: () => void openConnection("127.0.0.1", "80" as never) },
  { call: 'startServer(cb, ""): every interface, as CPython', run: () => void startServer(() => {}, "", 0) },
  { call: "reader.read(2.7) reads 2 bytes", run: () => expect(new StreamReaderWith("abc").read(2.7)[Symbol.iterator]().next().value).toEqual(b("ab")) },
  { call: "reader.read(Infinity) reads everything buffered", run: () => expect(new StreamReaderWith("abc").read(Infinity)[Symbol.iterator]().next().value).toEqual(b("abc")) },
  { call: "a Uint8Array that is not a Buffer is taken as bytes", run: () => expect(new StreamReaderWith("").feedAndRead(new Uint8Array([104, 105]))).toEqual(b("hi")) },
];

class StreamReaderWith extends StreamReader {
  constructor(s: string) {
    super();
    if (s) this.feedData(b(s));
  }
  feedAndRead(u: Uint8Array): Buffer {
    this.feedData(u);
    return this.read(10)[Symbol.iterator]().next().value as Buffer;
  }
}

describe("@aio/streams: bad input is refused at the call", () => {
  it.each(refused)("$call", ({ run: call, error, message }) => {
    const e = errorOf(call);
    expect(e.constructor).toBe(error);
    expect(e.message).toMatch(message);
  });
});

describe("@aio/streams: misuse surfaces when the awaitable is awaited", () => {
  it.each(rejected)("$call", async ({ run: call, error, message }) => {
    const e = await rejectionOf(async () => await (call() as PromiseLike<unknown>));
    expect(e.constructor).toBe(error);
    expect(e.message).toMatch(message);
  });
});

describe("@aio/streams: accepted input keeps working", () => {
  it.each(accepted)("$call", async ({ run: call }) => {
    await call();
  });
});
