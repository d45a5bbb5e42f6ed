import { Event, getRunningLoop, run, type EventLoop } from "@aio/asyncio";
import { PIPE, createSubprocessExec } from "@aio/subprocess";

async function main(): Promise<void> {
  // A server-like program: work until SIGTERM (or SIGUSR2 here) asks it to stop.
  const loop = getRunningLoop() as EventLoop;
  const stop = new Event();
  // The callback runs as an ordinary loop callback (never inside Node's signal event).
  loop.addSignalHandler("SIGUSR2", (why: string) => {
    console.log(`signal: ${why}`);
    stop.set();
  }, "asked to stop");

  const worker = await createSubprocessExec("sleep", ["60"], { stdout: PIPE });
  process.kill(process.pid, "SIGUSR2"); // as `kill -USR2 <our pid>` from a shell would
  await stop.wait();

  // Stop the child: terminate() is SIGTERM; a child killed by signal N has returncode -N.
  worker.terminate();
  console.log(`worker returncode ${await worker.wait()}`);
  console.log(`handler removed: ${loop.removeSignalHandler("SIGUSR2")}`);
}

await run(main);
// Output:
// signal: asked to stop
// worker returncode -15
// handler removed: true
