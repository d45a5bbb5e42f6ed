import { Future, run, sleep } from "@aio/asyncio";

async function main(): Promise<void> {
  const fut = new Future<number>(); // on the running loop

  const log = (f: Future<number>) => console.log(`callback sees ${f.result()}`);
  const never = () => console.log("removed, so never called");
  fut.addDoneCallback(log);
  fut.addDoneCallback(never);
  console.log(`removed ${fut.removeDoneCallback(never)} callback`);

  fut.setResult(7);
  // Done callbacks are never called from inside setResult: they are scheduled with callSoon.
  console.log("setResult returned");
  await sleep(0);

  // Added to a future that is already done, a callback is scheduled at once.
  fut.addDoneCallback(() => console.log("late callback"));
  await sleep(0);
}

await run(main);
// Output:
// removed 1 callback
// setResult returned
// callback sees 7
// late callback
