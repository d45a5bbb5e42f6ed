import { ExceptionGroup, run, sleep, taskGroup } from "@aio/asyncio";

async function worker(name: string, seconds: number): Promise<void> {
  try {
    await sleep(seconds);
    console.log(`${name} finished`);
  } finally {
    console.log(`${name} exits`);
  }
}

async function broken(seconds: number, message: string): Promise<void> {
  await sleep(seconds);
  throw new Error(message);
}

async function main(): Promise<void> {
  try {
    await taskGroup(async (tg) => {
      tg.createTask(() => worker("quick", 1));
      tg.createTask(() => worker("long", 10));
      tg.createTask(() => broken(2, "disk full"));
      tg.createTask(() => broken(2, "network down"));
    });
  } catch (error) {
    // When a child fails, the group cancels the others and, once all have ended, throws every
    // child error together.
    if (!(error instanceof ExceptionGroup)) throw error;
    console.log(`${error.exceptions.length} errors: ${error.exceptions.map((e) => (e as Error).message).join(", ")}`);
    const [network, rest] = error.split((e) => (e as Error).message.includes("network"));
    console.log(`split: ${network?.exceptions.length} matching, ${rest?.exceptions.length} other`);
  }
}

await run(main);
// Output:
// quick finished
// quick exits
// long exits
// 2 errors: disk full, network down
// split: 1 matching, 1 other
