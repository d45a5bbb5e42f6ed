import { asCompleted, run, sleep } from "@aio/asyncio";

async function download(name: string, seconds: number): Promise<string> {
  await sleep(seconds);
  return `${name} (${seconds} s)`;
}

async function main(): Promise<void> {
  const downloads = [() => download("a", 3), () => download("b", 1), () => download("c", 2)];
  // Handle results in the order they arrive, not the order they were started.
  for (const next of asCompleted(downloads)) {
    console.log(await next);
  }
}

await run(main);
// Output:
// b (1 s)
// c (2 s)
// a (3 s)
