import { Queue, createTask, gather, run, sleep } from "@aio/asyncio";

// Producer/consumer: a bounded queue makes a fast producer wait for slow consumers.
const jobs = new Queue<number>(2); // maxsize 2; 0 (the default) means unbounded

async function producer(): Promise<void> {
  for (let n = 1; n <= 5; n++) {
    await jobs.put(n); // waits while the queue is full
    console.log(`queued ${n} (size ${jobs.qsize()})`);
  }
}

async function worker(name: string): Promise<never> {
  for (;;) {
    const n = await jobs.get(); // waits while the queue is empty
    await sleep(1);
    console.log(`${name} did job ${n}`);
    jobs.taskDone(); // one call per item taken: join() counts them
  }
}

async function main(): Promise<void> {
  const workers = [createTask(() => worker("w1")), createTask(() => worker("w2"))];
  await producer();
  await jobs.join(); // until every queued item has been marked done
  console.log("all jobs done");
  for (const w of workers) w.cancel(); // the workers loop forever: stop them
  await gather(workers, { returnExceptions: true });
}

await run(main);
// Output:
// queued 1 (size 1)
// queued 2 (size 2)
// queued 3 (size 1)
// queued 4 (size 2)
// w1 did job 1
// w2 did job 2
// queued 5 (size 1)
// w1 did job 3
// w2 did job 4
// w1 did job 5
// all jobs done
