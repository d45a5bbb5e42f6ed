import { allTasks, createTask, currentTask, formatCallGraph, gather, run, sleep, taskGroup } from "@aio/asyncio";

// A crawler fetches two pages at once; a monitor looks at it half-way through.
async function crawl(urls: string[]): Promise<number> {
  const fetches = urls.map((url) =>
    createTask(async function fetch() {
      await sleep(1); // stands for the network
      return `<html>${url}</html>`;
    }, { name: `fetch ${url}` }),
  );
  const pages = await gather(fetches);
  return pages.length;
}

async function main(): Promise<void> {
  currentTask()!.setName("main");
  await taskGroup(async (tg) => {
    tg.createTask(async function crawler() {
      return crawl(["/a", "/b"]);
    }, { name: "crawler" });
    tg.createTask(async function monitor() {
      await sleep(0.5);
      const fetchA = [...allTasks()].find((t) => t.getName() === "fetch /a")!;
      // Where is it, and who is waiting for it? (asyncio.format_call_graph)
      console.log(formatCallGraph(fetchA));
    }, { name: "monitor" });
  });
}

await run(main);
// Output:
// * Task(name='fetch /a', id=0x1)
//   + Call stack:
//   |   in async fetch()
//   + Awaited by:
//     * Task(name='crawler', id=0x2)
//       + Call stack:
//       |   in async crawler()
//       + Awaited by:
//         * Task(name='main', id=0x3)
//           + Call stack:
//           |   in async main()
