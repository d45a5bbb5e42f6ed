import { gather, getRunningLoop, run, toThread } from "@aio/asyncio";

// CPU-heavy (or blocking) work would freeze every task on the loop. Run it elsewhere.
function countPrimes(limit: number): number {
  let count = 0;
  for (let n = 2; n < limit; n++) {
    let prime = true;
    for (let d = 2; d * d <= n; d++) {
      if (n % d === 0) {
        prime = false;
        break;
      }
    }
    if (prime) count++;
  }
  return count;
}

async function main(): Promise<void> {
  // toThread(fn, ...args) runs fn on the loop's default executor, a pool of worker threads,
  // and gives a Future of its result. The function travels as source text: it may use its
  // parameters and globals, not variables from around it.
  const [small, large] = await gather([toThread(countPrimes, 100), toThread(countPrimes, 100_000)]);
  console.log(`primes below 100: ${small}, below 100000: ${large}`);

  // The same through the loop, with an explicit executor argument (null: the default one).
  const loop = getRunningLoop();
  console.log(await loop.runInExecutor(null, (a: number, b: number) => a ** b, 2, 10));
}

await run(main);
// Output:
// primes below 100: 25, below 100000: 9592
// 1024
