"""ping-pong on CPython asyncio: two tasks bounce N messages through two Queue(1)s."""
import asyncio
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".."))
from harness import WARMUP_RUNS, warmup_size, gc, now, report, size_from_args  # noqa: E402

N = size_from_args(100_000)


async def pinger(n, out, back):
    total = 0
    for i in range(n):
        await out.put(i)
        total += await back.get()
    return total


async def ponger(n, inbox, reply):
    for _ in range(n):
        v = await inbox.get()
        await reply.put(v)


async def main(n):
    there = asyncio.Queue(1)
    back = asyncio.Queue(1)
    pong = asyncio.create_task(ponger(n, there, back))
    total = await asyncio.create_task(pinger(n, there, back))
    await pong
    return total


def run(n):
    loop = asyncio.new_event_loop()
    start = now()
    total = loop.run_until_complete(main(n))
    seconds = now() - start
    loop.close()
    assert total == n * (n - 1) // 2, f"wrong sum {total}"
    return seconds


for _ in range(WARMUP_RUNS):
    run(warmup_size(N))
gc()
seconds = run(N)
report("ping-pong", "cpython", N, seconds, {"python": sys.version.split()[0]})
