"""timers on CPython asyncio: 100k loop.call_later with seeded random delays in [0, 50 ms]."""
import asyncio
import os
import sys
from array import array

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".."))
from harness import WARMUP_RUNS, warmup_size, gc, lehmer, now, percentile, report, size_from_args  # noqa: E402

N = size_from_args(100_000)
MAX_DELAY_MS = 50


def run(n):
    random = lehmer(42)
    deadlines = array("d", bytes(8 * n))
    overshoot = array("d", bytes(8 * n))
    loop = asyncio.new_event_loop()
    state = {"fired": 0, "start": 0.0, "end": 0.0}

    def fire(i):
        t = now()
        overshoot[i] = (t - deadlines[i]) * 1000
        state["fired"] += 1
        if state["fired"] == n:
            state["end"] = t
            loop.stop()

    def schedule():
        state["start"] = now()
        for i in range(n):
            delay = random() * MAX_DELAY_MS
            deadlines[i] = now() + delay / 1000
            loop.call_later(delay / 1000, fire, i)

    loop.call_soon(schedule)
    loop.run_forever()
    loop.close()
    assert state["fired"] == n, f"only {state['fired']} of {n} timers fired"
    return state["end"] - state["start"], overshoot


for _ in range(WARMUP_RUNS):
    run(warmup_size(N))
gc()
seconds, overshoot = run(N)
values = list(overshoot)
report("timers", "cpython", N, seconds, {
    "overshootP50Ms": percentile(values, 50),
    "overshootP99Ms": percentile(values, 99),
    "overshootMaxMs": percentile(values, 100),
    "python": sys.version.split()[0],
})
