// Types for harness.mjs, so the TypeScript workload scripts can import it.
export interface HarnessOptions {
  n: number | undefined;
  quick: boolean;
}
export interface ResultLine {
  workload: string;
  system: string;
  n: number;
  seconds: number;
  nsPerOp: number;
  peakRssBytes: number;
  extra?: Record<string, number | string | boolean | null>;
}
export function parseArgs(argv?: string[]): HarnessOptions;
export function sizeFromArgs(fallback: number): number;
export const WARMUP_RUNS: number;
export function warmupSize(n: number, floor?: number): number;
export function now(): number;
export function gc(): void;
export function peakRssBytes(): number;
export function lehmer(seed?: number): () => number;
export function percentile(values: ArrayLike<number>, p: number): number;
export function report(result: Omit<ResultLine, "nsPerOp" | "peakRssBytes">): ResultLine;
