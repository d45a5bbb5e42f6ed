// spawn-gather baseline in a Chromium page: N native async functions that each wait for one
// macrotask (a MessageChannel message, the browser's setImmediate) and return i, gathered with
// Promise.all: the same hop @aio's sleep(0) makes, as the Node row's setImmediate variant does.
const channel = new MessageChannel();
const waiting: (() => void)[] = [];
// The page has the WHATWG MessagePort (the workload type-checks against Node's types).
(channel.port1 as unknown as { onmessage: () => void }).onmessage = () => waiting.shift()?.();
const macrotask = (): Promise<void> =>
  new Promise((resolve) => {
    waiting.push(resolve);
    channel.port2.postMessage(null);
  });

async function child(i: number): Promise<number> {
  await macrotask();
  return i;
}

export async function run(n: number): Promise<number> {
  const start = performance.now();
  const promises = [];
  for (let i = 0; i < n; i++) promises.push(child(i));
  const results = await Promise.all(promises);
  const seconds = (performance.now() - start) / 1000;
  let sum = 0;
  for (const r of results) sum += r;
  if (sum !== (n * (n - 1)) / 2) throw new Error(`wrong sum ${sum}`);
  return seconds;
}
