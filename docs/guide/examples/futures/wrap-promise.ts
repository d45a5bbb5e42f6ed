import { run, wrapPromise, type Coroutine } from "@aio/asyncio";

// Any promise from the rest of the JavaScript world...
function slowLookup(key: string): Promise<string> {
  return new Promise((resolve, reject) => {
    setTimeout(() => (key ? resolve(`value of ${key}`) : reject(new RangeError("empty key"))), 20);
  });
}

function* main(): Coroutine<void> {
  // ...becomes a Future on the running loop, which every @aio API accepts.
  const fut = wrapPromise(slowLookup("answer"));
  console.log(`pending: ${!fut.done()}`);
  console.log(yield* fut);

  // A rejection becomes the future's exception.
  try {
    yield* wrapPromise(slowLookup(""));
  } catch (error) {
    console.log(`failed: ${error}`);
  }
}

await run(main);
// Output:
// pending: true
// value of answer
// failed: RangeError: empty key
