"""subprocess on CPython asyncio: `cat` round trip of 64 KiB through communicate(), and `true`
spawned and waited for, one child per op."""
import asyncio
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".."))
from harness import WARMUP_RUNS, gc, now, report, size_from_args  # noqa: E402

N = size_from_args(200)
PAYLOAD = b"a" * (64 * 1024)
PIPE = asyncio.subprocess.PIPE


async def cat_round_trips(n):
    start = now()
    for _ in range(n):
        proc = await asyncio.create_subprocess_exec("cat", stdin=PIPE, stdout=PIPE)
        out, _ = await proc.communicate(PAYLOAD)
        assert len(out) == len(PAYLOAD) and proc.returncode == 0, "cat round trip lost bytes"
    return now() - start


async def true_spawns(n):
    start = now()
    for _ in range(n):
        proc = await asyncio.create_subprocess_exec("true")
        assert await proc.wait() == 0, "true failed"
    return now() - start


async def main():
    for _ in range(WARMUP_RUNS):
        await cat_round_trips(max(5, N // 10))
        await true_spawns(max(5, N // 10))
    gc()
    c = await cat_round_trips(N)
    gc()
    t = await true_spawns(N)
    return c, t


cat_seconds, true_seconds = asyncio.run(main())
report("subprocess", "cpython", N, cat_seconds, {"python": sys.version.split()[0], "trueNsPerOp": true_seconds / N * 1e9})
