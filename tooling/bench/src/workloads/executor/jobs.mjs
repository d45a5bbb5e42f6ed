// The jobs every executor row runs, loaded by module path in the workers.

/** A job that does nothing: dispatch overhead only. */
export function noop() {
  return 0;
}

/** Naive recursive Fibonacci: CPU-bound work (fib(30) is about 1.3M calls). */
export function fib(n) {
  return n < 2 ? n : fib(n - 1) + fib(n - 2);
}
