// spawn-gather baseline in a Chromium page: N native async functions that each
// `await Promise.resolve()` once and return i, gathered with Promise.all.
async function child(i: number): Promise<number> {
  await Promise.resolve();
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
