"""The echo workloads on CPython asyncio streams (and uvloop): the same exchange as echo.ts.

CONNECTIONS clients on one loop, each writes a message, drains and reads the echo back with
readexactly; one op is one round trip. Connections are opened before the clock starts.
"""
import asyncio
import os
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from harness import WARMUP_RUNS, gc, now, report, size_from_args  # noqa: E402

CONNECTIONS = 100


async def handle(reader, writer):
    while True:
        data = await reader.read(65536)
        if not data:
            break
        writer.write(data)
        await writer.drain()
    writer.close()


async def client(reader, writer, rounds, msg):
    total = 0
    for _ in range(rounds):
        writer.write(msg)
        await writer.drain()
        total += len(await reader.readexactly(len(msg)))
    return total


async def once(size, total):
    rounds = max(1, total // CONNECTIONS)
    msg = b"a" * size
    server = await asyncio.start_server(handle, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    pairs = [await asyncio.open_connection("127.0.0.1", port) for _ in range(CONNECTIONS)]
    start = now()
    cpu0 = time.process_time()
    counts = await asyncio.gather(*(client(r, w, rounds, msg) for r, w in pairs))
    seconds = now() - start
    cpu_seconds = time.process_time() - cpu0
    assert sum(counts) == rounds * CONNECTIONS * size, "wrong byte count"
    for _, w in pairs:
        w.close()
    for _, w in pairs:
        await w.wait_closed()
    server.close()
    await server.wait_closed()
    return seconds, cpu_seconds


def run(loop_factory, size, total):
    loop = loop_factory()
    try:
        return loop.run_until_complete(once(size, total))
    finally:
        loop.close()


def main(workload, system, size, fallback_n, use_uvloop=False):
    if use_uvloop:
        import uvloop  # Debian's python3-uvloop, for the system python3

        loop_factory = uvloop.new_event_loop
        extra = {"python": sys.version.split()[0], "uvloop": uvloop.__version__}
    else:
        loop_factory = asyncio.new_event_loop
        extra = {"python": sys.version.split()[0]}
    n = size_from_args(fallback_n)
    for _ in range(WARMUP_RUNS):
        run(loop_factory, size, max(CONNECTIONS, n // 10))
    gc()
    seconds, cpu_seconds = run(loop_factory, size, n)
    rounds = max(1, n // CONNECTIONS) * CONNECTIONS
    extra.update({
        "mbPerSec": rounds * size / seconds / 1e6,
        "cpuNsPerOp": cpu_seconds * 1e9 / rounds,
        "connections": CONNECTIONS,
        "messageBytes": size,
    })
    report(workload, system, rounds, seconds, extra)
