/**
 * asyncio's networking for \@aio on Node.js: streams (`openConnection`, `startServer`,
 * `StreamReader`, `StreamWriter`), servers, TLS, Unix sockets, UDP, and the transports and
 * protocols beneath them.
 *
 * @packageDocumentation
 */
export { StreamReader } from "./stream-reader.js";
export type { StreamReaderOptions } from "./stream-reader.js";
export { StreamWriter } from "./stream-writer.js";
export { StreamReaderProtocol } from "./stream-reader-protocol.js";
export type { ClientConnected } from "./stream-reader-protocol.js";
export { FlowControlProtocol } from "./flow-control.js";
export type { FlowControlProtocolOptions } from "./flow-control.js";
export { IncompleteReadError, LimitOverrunError, ConnectionResetError } from "./errors.js";
export { BaseProtocol, Protocol, BufferedProtocol, DatagramProtocol } from "./protocols.js";
export type { SocketAddress } from "./protocols.js";
export type { BaseTransport, ReadTransport, WriteTransport, Transport, DatagramTransport } from "./transports.js";
export { openConnection, openUnixConnection, createConnection, createUnixConnection } from "./connection.js";
export type { OpenConnectionOptions, OpenUnixConnectionOptions } from "./connection.js";
export type { ConnectionOptions, UnixConnectionOptions } from "./connect.js";
export { connectReadPipe, connectWritePipe } from "./pipes.js";
export type { PipeOptions } from "./pipes.js";
export type { TlsContext, StartTlsOptions } from "./tls.js";
export { Server } from "./server.js";
export { startServer, startUnixServer, createServer, createUnixServer } from "./start-server.js";
export type { ServerOptions, StartServerOptions, UnixServerOptions, StartUnixServerOptions } from "./start-server.js";
export { createDatagramEndpoint } from "./datagram.js";
export type { DatagramEndpointOptions } from "./datagram.js";
export type { ByteBuffer as _ByteBuffer } from "./byte-buffer.js";
export type { TlsSettings as _TlsSettings } from "./tls.js";
