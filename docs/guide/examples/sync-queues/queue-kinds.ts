import { LifoQueue, PriorityQueue, Queue, QueueEmpty, QueueFull, QueueShutDown, createTask, run } from "@aio/asyncio";

async function consume(queue: Queue<string>): Promise<string[]> {
  const seen: string[] = [];
  // Async iteration takes items until the queue is shut down and empty.
  for await (const item of queue) seen.push(item);
  return seen;
}

async function main(): Promise<void> {
  // Without waiting: putNowait/getNowait throw instead of blocking.
  const small = new Queue<string>(1);
  small.putNowait("a");
  try {
    small.putNowait("b");
  } catch (error) {
    console.log(`full: ${error instanceof QueueFull}`);
  }
  small.getNowait();
  try {
    small.getNowait();
  } catch (error) {
    console.log(`empty: ${error instanceof QueueEmpty}`);
  }

  // The order differs by kind: first in first out, last in first out, smallest first.
  const kinds = [new Queue<number>(), new LifoQueue<number>(), new PriorityQueue<number>()];
  for (const q of kinds) {
    for (const n of [3, 1, 2]) q.putNowait(n);
    console.log(`${q.constructor.name}: ${[q.getNowait(), q.getNowait(), q.getNowait()]}`);
  }
  // A PriorityQueue takes a comparator for anything that is not a number, string or tuple.
  const byDeadline = new PriorityQueue<{ task: string; due: number }>(0, (a, b) => a.due - b.due);
  byDeadline.putNowait({ task: "report", due: 5 });
  byDeadline.putNowait({ task: "email", due: 1 });
  console.log(`next: ${byDeadline.getNowait().task}`);

  // shutdown(): no more puts; getters drain what is left, then get QueueShutDown.
  const feed = new Queue<string>();
  const reader = createTask(() => consume(feed));
  await feed.put("x");
  await feed.put("y");
  feed.shutdown();
  try {
    await feed.put("z");
  } catch (error) {
    console.log(`put after shutdown: ${error instanceof QueueShutDown}`);
  }
  console.log(`reader got ${await reader}`);
}

await run(main);
// Output:
// full: true
// empty: true
// Queue: 3,1,2
// LifoQueue: 2,1,3
// PriorityQueue: 1,2,3
// next: email
// put after shutdown: true
// reader got x,y
