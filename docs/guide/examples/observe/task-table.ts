import { Queue, currentTask, formatTaskTable, formatTaskTree, run, sleep, taskGroup } from "@aio/asyncio";

// Three workers share a queue of jobs (each job: a number of seconds of work).
async function main(): Promise<void> {
  currentTask()!.setName("main");
  const jobs = new Queue<number>();
  for (const seconds of [3, 1, 2, 5]) jobs.putNowait(seconds);
  await taskGroup(async (tg) => {
    for (const i of [1, 2, 3]) {
      tg.createTask(async function work() {
        while (!jobs.empty()) await sleep(jobs.getNowait());
      }, { name: `worker-${i}` });
    }
    tg.createTask(async function watch() {
      await sleep(1.5);
      console.log(formatTaskTable()); // python -m asyncio ps
      console.log(formatTaskTree()); // python -m asyncio pstree
    }, { name: "lookout" });
  });
}

await run(main);
// Output:
// id   name      state    awaited by  coroutine    location
// 0x1  main      waiting  -           async main   awaiting <Future pending>
// 0x2  worker-1  waiting  main        async work   awaiting <Future pending>
// 0x3  worker-2  waiting  main        async work   awaiting <Future pending>
// 0x4  worker-3  waiting  main        async work   awaiting <Future pending>
// 0x5  lookout   running  main        async watch  (running now)
// └── (T) main  async main
//     ├── (T) worker-1  async work
//     ├── (T) worker-2  async work
//     ├── (T) worker-3  async work
//     └── (T) lookout  async watch  [running]
