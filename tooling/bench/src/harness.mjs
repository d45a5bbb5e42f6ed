// Helpers shared by every JavaScript workload script (TypeScript scripts import this file too).
// A workload script is a standalone program: it parses `--n <count>`, warms up, runs the measured
// section, and prints exactly one JSON line on stdout through `report()`.
import { performance } from "node:perf_hooks";

/** Command-line options every workload script understands: `--n <count>` and `--quick`. */
export function parseArgs(argv = process.argv.slice(2)) {
  const options = { n: undefined, quick: false };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === "--n") options.n = Number(argv[++i]);
    else if (arg.startsWith("--n=")) options.n = Number(arg.slice(4));
    else if (arg === "--quick") options.quick = true;
  }
  if (options.n !== undefined && !(Number.isInteger(options.n) && options.n > 0)) {
    throw new RangeError(`--n: expected a positive integer, got ${String(options.n)}`);
  }
  return options;
}

/** `--n` if given, else `fallback`. */
export function sizeFromArgs(fallback) {
  return parseArgs().n ?? fallback;
}

/**
 * Warm-up policy shared by every script: the workload runs WARMUP_RUNS times at a tenth of its
 * size (at least 1000) before the measured run, so the JIT has settled and the heap has grown.
 * A `--quick` smoke run warms up once.
 */
export const WARMUP_RUNS = process.argv.includes("--quick") ? 1 : 3;

/** The warm-up size for a measured size of `n`. */
export function warmupSize(n, floor = 1000) {
  return Math.max(floor, Math.floor(n / 10));
}

/** Monotonic wall-clock time in seconds. */
export function now() {
  return performance.now() / 1000;
}

/** Full garbage collection when node runs with --expose-gc (the runner always passes it). */
export function gc() {
  const collect = globalThis.gc;
  if (typeof collect === "function") {
    collect();
    collect();
  }
}

/** Peak resident set size of this process, in bytes. */
export function peakRssBytes() {
  return process.resourceUsage().maxRSS * 1024;
}

/** Park-Miller "minimal standard" generator: exact in doubles, so Python can repeat it bit for bit. */
export function lehmer(seed = 42) {
  let state = seed % 2147483647;
  if (state <= 0) state += 2147483646;
  return () => {
    state = (state * 48271) % 2147483647;
    return state / 2147483647;
  };
}

/** The p-th percentile (0..100) of `values` by nearest rank; sorts a copy. */
export function percentile(values, p) {
  if (values.length === 0) return NaN;
  const sorted = Float64Array.from(values).sort();
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank];
}

/** Prints the one JSON result line and returns the record. */
export function report({ workload, system, n, seconds, extra }) {
  const record = {
    workload,
    system,
    n,
    seconds,
    nsPerOp: (seconds * 1e9) / n,
    peakRssBytes: peakRssBytes(),
  };
  if (extra !== undefined) record.extra = extra;
  process.stdout.write(JSON.stringify(record) + "\n");
  return record;
}
