"""spawn-gather on CPython asyncio: N tasks that each sleep(0) once and return i; gather them."""
import asyncio
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".."))
from harness import WARMUP_RUNS, warmup_size, gc, now, report, size_from_args  # noqa: E402

N = size_from_args(100_000)


async def child(i):
    await asyncio.sleep(0)
    return i


async def main(n):
    tasks = [asyncio.create_task(child(i)) for i in range(n)]
    results = await asyncio.gather(*tasks)
    return sum(results)


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
report("spawn-gather", "cpython", N, seconds, {"python": sys.version.split()[0]})
