"""pending-memory on CPython asyncio: N tasks all blocked on one never-set future.

Bytes per task = RSS growth (after gc.collect) divided by N; tracemalloc would slow and
inflate the run, so the heap figure is the growth of what the allocator hands out as RSS.
"""
import asyncio
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".."))
from harness import WARMUP_RUNS, warmup_size, current_rss_bytes, gc, now, report, size_from_args  # noqa: E402

N = size_from_args(100_000)


async def waiter(never):
    await never


async def main(n):
    never = asyncio.get_running_loop().create_future()
    gc()
    before = current_rss_bytes()
    start = now()
    tasks = [asyncio.create_task(waiter(never)) for _ in range(n)]
    seconds = now() - start
    await asyncio.sleep(0)
    await asyncio.sleep(0)
    gc()
    after = current_rss_bytes()
    assert not any(t.done() for t in tasks)
    for t in tasks:
        t.cancel()
    await asyncio.gather(*tasks, return_exceptions=True)
    return seconds, (after - before) / n


def measure(n):
    loop = asyncio.new_event_loop()
    result = loop.run_until_complete(main(n))
    loop.close()
    return result


for _ in range(WARMUP_RUNS):
    measure(warmup_size(N))
seconds, rss_per_task = measure(N)
report("pending-memory", "cpython", N, seconds, {"rssBytesPerTask": rss_per_task, "python": sys.version.split()[0]})
