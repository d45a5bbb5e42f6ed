"""call-soon on CPython asyncio: loop.call_soon batch, then a call_soon chain."""
import asyncio
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".."))
from harness import WARMUP_RUNS, warmup_size, gc, now, report, size_from_args  # noqa: E402

N = size_from_args(1_000_000)


def batch(n):
    loop = asyncio.new_event_loop()
    count = 0

    def tick():
        nonlocal count
        count += 1

    start = now()
    for _ in range(n):
        loop.call_soon(tick)
    loop.call_soon(loop.stop)
    loop.run_forever()
    seconds = now() - start
    loop.close()
    assert count == n, f"batch ran {count} of {n} callbacks"
    return seconds


def chain(n):
    loop = asyncio.new_event_loop()
    count = 0

    def step():
        nonlocal count
        count += 1
        if count < n:
            loop.call_soon(step)
        else:
            loop.stop()

    start = now()
    loop.call_soon(step)
    loop.run_forever()
    seconds = now() - start
    loop.close()
    assert count == n, f"chain ran {count} of {n} callbacks"
    return seconds


for _ in range(WARMUP_RUNS):
    batch(warmup_size(N))
    chain(warmup_size(N))
gc()
seconds = batch(N)
gc()
chain_seconds = chain(N)
report("call-soon", "cpython", N, seconds, {"chainNsPerOp": chain_seconds * 1e9 / N, "python": sys.version.split()[0]})
