import assert from "node:assert/strict";
import { TestLoop, TimeoutError, sleep, waitFor } from "@aio/asyncio";

// Code under test: gives up on a slow backend after 2 seconds and returns a fallback.
async function fetchWithFallback(backendSeconds: number): Promise<string> {
  try {
    return await waitFor(sleep(backendSeconds, "fresh"), 2);
  } catch (error) {
    if (error instanceof TimeoutError) return "cached";
    throw error;
  }
}

// One fresh loop per case, as a test framework's beforeEach would do.
for (const [backend, expected, at] of [
  [1, "fresh", 1],
  [5, "cached", 2],
] as const) {
  const loop = new TestLoop();
  const result = await loop.runUntilComplete(() => fetchWithFallback(backend));
  assert.equal(result, expected);
  assert.equal(loop.time(), at); // the timeout fired at exactly 2 s, not "about" 2 s
  console.log(`backend ${backend} s -> ${result} at t=${loop.time()}`);
  loop.close();
}
// Output:
// backend 1 s -> fresh at t=1
// backend 5 s -> cached at t=2
