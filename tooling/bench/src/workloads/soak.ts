// Helpers shared by the soak workloads (soak-failed-tasks, soak-ops): a forced full collection that
// also gives FinalizationRegistry callbacks their turns, and the heap reading taken after it.
//
// The phases of a soak (runSoak): warm-up runs at a tenth of the size, each on a loop of its own
// (WARMUP_RUNS of them, as every script of the suite does); then on one fresh loop a first round of
// N operations and the measured round of N more, the heap read after settle() before the first
// round, between the rounds and after the measured one, with the loop open and idle. The growth
// across the measured round is the steady-state figure (the one the targets judge); the growth
// across the first round also holds one-off costs: the loop's own structures reaching their working
// size, V8's bookkeeping for new shapes, and any table that grows to a high-water mark and stays.
// A first round of a tenth of N was not enough: the measured round then still grew by a fixed
// 15-25 KB whatever N was, none of it objects of the program (heap snapshot diff).
//
// Each growth is given per 100k operations, two ways:
// - heapBytesPer100k: growth of `heapUsed` minus growth of V8's compiled code and bytecode (with
//   their metadata: relocation info, deopt data, source positions; `v8.getHeapCodeStatistics()`).
//   That is the heap the program's own objects take. The JIT's code comes and goes as functions are
//   optimized, deoptimized and flushed: heap snapshots taken one 200k-op round apart differ by
//   ±25-50 KB of code objects and deopt data and by nothing else, which at 1M operations would be
//   ±2.5-5 KB per 100k, more than the 1 KB target; without it a reading moves by about ±3 KB in all.
// - heapWithCodeBytesPer100k: the plain growth of `heapUsed`, code included.
import v8 from "node:v8";
import { gc, now, WARMUP_RUNS, warmupSize } from "../harness.mjs";

/** A macrotask turn of the Node event loop (FinalizationRegistry callbacks run in such turns). */
function hostTurn(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/** Collection rounds per settle(): 5, or 1 in a `--quick` smoke run (whose numbers judge nothing). */
const SETTLE_ROUNDS = process.argv.includes("--quick") ? 1 : 5;

/**
 * Several full collections with host turns between them, then a last one: what the collector can
 * free is freed and every FinalizationRegistry callback it queued has run. Call it with no event
 * loop running.
 */
export async function settle(rounds = SETTLE_ROUNDS): Promise<void> {
  for (let i = 0; i < rounds; i++) {
    gc();
    await hostTurn();
    await new Promise((resolve) => setTimeout(resolve, 0));
  }
  gc();
}

/** The JS heap after settle(): all of it, and the part that is V8's compiled code and bytecode. */
export interface HeapReading {
  heapUsed: number;
  code: number;
}

/** Reads the heap (call it right after settle()). */
export function readHeap(): HeapReading {
  const code = v8.getHeapCodeStatistics();
  return {
    heapUsed: process.memoryUsage().heapUsed,
    code: code.code_and_metadata_size + code.bytecode_and_metadata_size,
  };
}

/** Heap growth between two readings in bytes per 100,000 operations: without and with compiled code. */
export function growthPer100k(before: HeapReading, after: HeapReading, ops: number): { data: number; withCode: number } {
  const per100k = (bytes: number): number => (bytes * 100_000) / ops;
  return {
    data: per100k(after.heapUsed - after.code - (before.heapUsed - before.code)),
    withCode: per100k(after.heapUsed - before.heapUsed),
  };
}

/** Which round a soak is running (scripts tag what they create with it, e.g. an error message). */
export type Phase = "warm-up" | "first round" | "measured";

/** One loop's soak, as a script provides it. */
export interface Soaker {
  /** Runs `ops` operations to the end (the loop is idle afterwards). */
  run(ops: number, phase: Phase): Promise<void>;
  /** Closes the loop. */
  close(): void;
}

export interface SoakResult<S extends Soaker> {
  /** Wall time of the measured round. */
  seconds: number;
  /** The measured loop, still open and idle (the caller closes it). */
  soaker: S;
  /** The figures every soak reports in `extra`. */
  extra: {
    /** Steady-state growth across the measured round, compiled code excluded (the target metric). */
    heapBytesPer100k: number;
    /** The same with compiled code included. */
    heapWithCodeBytesPer100k: number;
    /** Growth across the first round on the fresh loop, compiled code excluded (one-off costs included). */
    firstRoundHeapBytesPer100k: number;
  };
}

/** Runs the phases described at the top of this file with `n` operations per round. */
export async function runSoak<S extends Soaker>(n: number, open: () => S): Promise<SoakResult<S>> {
  for (let i = 0; i < WARMUP_RUNS; i++) {
    const warm = open();
    await warm.run(warmupSize(n), "warm-up");
    warm.close();
  }
  const soaker = open();
  await settle();
  const fresh = readHeap();
  await soaker.run(n, "first round");
  await settle();
  const before = readHeap();
  const start = now();
  await soaker.run(n, "measured");
  const seconds = now() - start;
  await settle();
  const after = readHeap();
  const steady = growthPer100k(before, after, n);
  return {
    seconds,
    soaker,
    extra: {
      heapBytesPer100k: steady.data,
      heapWithCodeBytesPer100k: steady.withCode,
      firstRoundHeapBytesPer100k: growthPer100k(fresh, before, n).data,
    },
  };
}
