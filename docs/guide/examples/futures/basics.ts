import { CancelledError, InvalidStateError, getRunningLoop, run } from "@aio/asyncio";

async function main(): Promise<void> {
  const loop = getRunningLoop();

  // A future is a slot for a result that is not there yet.
  const fut = loop.createFuture<string>(); // or: new Future<string>()
  console.log(`done: ${fut.done()}`);
  try {
    fut.result();
  } catch (error) {
    console.log(`result() too early: ${(error as Error).name}`); // InvalidStateError
  }

  // Somebody (here: a timer) fills it in later; whoever waits on it resumes then.
  const start = loop.time();
  loop.callLater(1, () => fut.setResult("ready"));
  const value = await fut;
  console.log(`${value} after ${Math.round(loop.time() - start)} s`);
  console.log(`done: ${fut.done()}, result: ${fut.result()}, exception: ${fut.exception()}`);

  // A future is set once.
  try {
    fut.setResult("again");
  } catch (error) {
    console.log(`second setResult: ${error instanceof InvalidStateError}`);
  }

  // A failed future throws its error at whoever waits on it.
  const failed = loop.createFuture<number>();
  failed.setException(new RangeError("bad input"));
  try {
    await failed;
  } catch (error) {
    console.log(`waiting on a failed future: ${error}`);
  }

  // A cancelled future throws CancelledError, with the message given to cancel().
  const cancelled = loop.createFuture<number>();
  console.log(`cancel() -> ${cancelled.cancel("no longer needed")}`);
  console.log(`cancelled: ${cancelled.cancelled()}`);
  try {
    cancelled.result();
  } catch (error) {
    console.log(`${(error as CancelledError).name}: ${(error as CancelledError).message}`);
  }
}

await run(main);
// Output:
// done: false
// result() too early: InvalidStateError
// ready after 1 s
// done: true, result: ready, exception: null
// second setResult: true
// waiting on a failed future: RangeError: bad input
// cancel() -> true
// cancelled: true
// CancelledError: no longer needed
