import { getRunningLoop, run, sleep } from "@aio/asyncio";

async function main(): Promise<void> {
  const loop = getRunningLoop();
  // An error thrown by a callback does not stop the loop: it goes to the exception handler,
  // which by default prints it. Installing a handler takes over that report.
  loop.setExceptionHandler((_loop, context) => {
    const error = context.exception as Error;
    const what = context.message.split(" ").slice(0, 3).join(" "); // "Exception in callback"
    console.log(`handler: ${what} …: ${error.message}`);
  });
  loop.callSoon(() => {
    throw new Error("boom");
  });
  loop.callSoon(() => console.log("the next callback still runs"));
  await sleep(0);
  loop.setExceptionHandler(null); // back to the default handler
}

await run(main);
// Output:
// handler: Exception in callback …: boom
// the next callback still runs
