import { run, wrapPromise } from "@aio/asyncio";

// Any promise from the rest of the JavaScript world...
function slowLookup(key: string): Promise<string> {
  return new Promise((resolve, reject) => {
    setTimeout(() => (key ? resolve(`value of ${key}`) : reject(new RangeError("empty key"))), 20);
  });
}

async function main(): Promise<void> {
  // An async function can simply await it.
  console.log(await slowLookup("plain"));

  // wrapPromise makes it a Future on the running loop: an object with done(), result(), done
  // callbacks, and a place in every @aio API that takes a future.
  const fut = wrapPromise(slowLookup("answer"));
  fut.addDoneCallback((f) => console.log(`callback sees ${f.result()}`));
  console.log(`pending: ${!fut.done()}`);
  console.log(await fut);

  // A rejection becomes the future's exception.
  try {
    await wrapPromise(slowLookup(""));
  } catch (error) {
    console.log(`failed: ${error}`);
  }
}

await run(main);
// Output:
// value of plain
// pending: true
// callback sees value of answer
// value of answer
// failed: RangeError: empty key
