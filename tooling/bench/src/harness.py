"""Helpers shared by the CPython workload scripts (the Python twin of harness.mjs)."""
import gc as _gc
import json
import math
import resource
import sys
import time


def size_from_args(fallback):
    """`--n <count>` from the command line, else `fallback`."""
    argv = sys.argv[1:]
    for i, arg in enumerate(argv):
        if arg == "--n" and i + 1 < len(argv):
            return int(argv[i + 1])
        if arg.startswith("--n="):
            return int(arg[4:])
    return fallback


WARMUP_RUNS = 1 if "--quick" in sys.argv else 3  # same policy as harness.mjs


def warmup_size(n, floor=1000):
    return max(floor, n // 10)


def now():
    """Monotonic wall-clock time in seconds."""
    return time.perf_counter()


def gc():
    _gc.collect()
    _gc.collect()


def peak_rss_bytes():
    # ru_maxrss is in KiB on Linux.
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024


def current_rss_bytes():
    with open("/proc/self/statm") as f:
        pages = int(f.read().split()[1])
    return pages * resource.getpagesize()


def lehmer(seed=42):
    """Park-Miller generator, same sequence as harness.mjs."""
    state = seed % 2147483647
    if state <= 0:
        state += 2147483646

    def nxt():
        nonlocal state
        state = (state * 48271) % 2147483647
        return state / 2147483647

    return nxt


def percentile(values, p):
    if not values:
        return math.nan
    s = sorted(values)
    rank = min(len(s) - 1, max(0, math.ceil(p / 100 * len(s)) - 1))
    return s[rank]


def report(workload, system, n, seconds, extra=None):
    record = {
        "workload": workload,
        "system": system,
        "n": n,
        "seconds": seconds,
        "nsPerOp": seconds * 1e9 / n,
        "peakRssBytes": peak_rss_bytes(),
    }
    if extra is not None:
        record["extra"] = extra
    sys.stdout.write(json.dumps(record) + "\n")
    sys.stdout.flush()
