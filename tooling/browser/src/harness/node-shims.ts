// `setImmediate` for test files written for Node (a fresh macrotask, after pending microtasks).
// Injected into test files only, never into the library: a global setImmediate would make the
// loop pick its Node host on the page.
const channel = new MessageChannel();
const queue: (() => void)[] = [];
channel.port1.onmessage = () => {
  const fn = queue.shift();
  fn?.();
};

export function setImmediate(fn: (...args: unknown[]) => void, ...args: unknown[]): { cancelled: boolean } {
  const handle = { cancelled: false };
  queue.push(() => {
    if (!handle.cancelled) fn(...args);
  });
  channel.port2.postMessage(null);
  return handle;
}

export function clearImmediate(handle: { cancelled: boolean } | undefined): void {
  if (handle !== undefined) handle.cancelled = true;
}
