// Types for procedure.mjs, so the TypeScript executor rows can import it.
export interface ExecutorAdapter<P> {
  make(workers: number): P | Promise<P>;
  noop(pool: P): PromiseLike<unknown>;
  fib(pool: P, n: number): PromiseLike<unknown>;
  close(pool: P): PromiseLike<unknown>;
}
export function measureExecutor<P>(system: string, adapter: ExecutorAdapter<P>): Promise<void>;
