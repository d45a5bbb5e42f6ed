// Types for procedure.mjs, so the TypeScript rows can import it.
export interface DistributedAdapter<C> {
  start(workers: number): Promise<C>;
  one(ctx: C): PromiseLike<unknown>;
  many(ctx: C, n: number): PromiseLike<unknown>;
  stop(ctx: C): Promise<void>;
}
export const WORKER_COUNTS: number[];
export function measureDistributed<C>(system: string, adapter: DistributedAdapter<C>): Promise<void>;
