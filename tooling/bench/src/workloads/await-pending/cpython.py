"""await-pending on CPython asyncio: N times, await a pending future that a loop callback completes."""
import asyncio
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".."))
from harness import WARMUP_RUNS, warmup_size, gc, now, report, size_from_args  # noqa: E402

N = size_from_args(1_000_000)


def run(n):
    loop = asyncio.new_event_loop()

    async def main():
        total = 0
        for _ in range(n):
            fut = loop.create_future()
            loop.call_soon(fut.set_result, 1)
            total += await fut
        return total

    start = now()
    total = loop.run_until_complete(main())
    seconds = now() - start
    loop.close()
    if total != n:
        raise RuntimeError(f"sum {total}, expected {n}")
    return seconds


for _ in range(WARMUP_RUNS):
    run(warmup_size(N))
gc()
seconds = run(N)
report("await-pending", "cpython", N, seconds, {"python": sys.version.split()[0]})
