"""await-done on CPython asyncio: one task awaits an already-completed future 1M times."""
import asyncio
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".."))
from harness import WARMUP_RUNS, warmup_size, gc, now, report, size_from_args  # noqa: E402

N = size_from_args(1_000_000)


def run(n):
    loop = asyncio.new_event_loop()
    fut = loop.create_future()
    fut.set_result(1)

    async def main():
        total = 0
        for _ in range(n):
            total += await fut
        return total

    start = now()
    total = loop.run_until_complete(main())
    seconds = now() - start
    loop.close()
    assert total == n, f"sum {total}, expected {n}"
    return seconds


for _ in range(WARMUP_RUNS):
    run(warmup_size(N))
gc()
seconds = run(N)
report("await-done", "cpython", N, seconds, {"python": sys.version.split()[0]})
