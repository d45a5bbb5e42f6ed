// ping-pong baseline in a Chromium page: two native async functions bounce N messages through two
// minimal hand-written promise queues of capacity 1. The same program as ../../ping-pong/native.mjs.
/** The smallest correct bounded queue of capacity 1: one slot, one waiting getter, one waiting putter. */
class SlotQueue {
  full = false;
  value: number | undefined = undefined;
  getter: ((value: number) => void) | null = null;
  putter: (() => void) | null = null;

  put(value: number): Promise<void> {
    if (this.getter !== null) {
      const resolve = this.getter;
      this.getter = null;
      resolve(value);
      return Promise.resolve();
    }
    if (!this.full) {
      this.full = true;
      this.value = value;
      return Promise.resolve();
    }
    return new Promise<void>((resolve) => {
      this.putter = () => {
        this.full = true;
        this.value = value;
        resolve();
      };
    });
  }

  get(): Promise<number> {
    if (this.full) {
      const value = this.value;
      this.full = false;
      this.value = undefined;
      if (this.putter !== null) {
        const wake = this.putter;
        this.putter = null;
        wake();
      }
      return Promise.resolve(value as number);
    }
    return new Promise<number>((resolve) => {
      this.getter = resolve;
    });
  }
}

async function pinger(n: number, out: SlotQueue, back: SlotQueue): Promise<number> {
  let sum = 0;
  for (let i = 0; i < n; i++) {
    await out.put(i);
    sum += await back.get();
  }
  return sum;
}

async function ponger(n: number, inbox: SlotQueue, reply: SlotQueue): Promise<void> {
  for (let i = 0; i < n; i++) {
    const v = await inbox.get();
    await reply.put(v);
  }
}

export async function run(n: number): Promise<number> {
  const there = new SlotQueue();
  const back = new SlotQueue();
  const start = performance.now();
  const [sum] = await Promise.all([pinger(n, there, back), ponger(n, there, back)]);
  const seconds = (performance.now() - start) / 1000;
  if (sum !== (n * (n - 1)) / 2) throw new Error(`wrong sum ${sum}`);
  return seconds;
}
