import { Lock, gather, run, sleep } from "@aio/asyncio";

let balance = 100;

// Read, wait, write: another task can run during the wait and its update is lost.
async function withdrawUnsafe(amount: number): Promise<void> {
  const seen = balance;
  await sleep(0.1); // say, a call to the bank
  balance = seen - amount;
}

const lock = new Lock();

// lock.use(body) is Python's `async with lock:`: acquire, run the body, release in a finally.
async function withdraw(amount: number): Promise<void> {
  await lock.use(async () => {
    const seen = balance;
    await sleep(0.1);
    balance = seen - amount;
  });
}

async function main(): Promise<void> {
  await gather([() => withdrawUnsafe(10), () => withdrawUnsafe(20), () => withdrawUnsafe(30)]);
  console.log(`without the lock: ${balance}`);

  balance = 100;
  await gather([() => withdraw(10), () => withdraw(20), () => withdraw(30)]);
  console.log(`with the lock: ${balance}`);

  // The long form, for when acquire and release are not in one block.
  await lock.acquire();
  try {
    console.log(`locked: ${lock.locked()}`);
  } finally {
    lock.release();
  }
  console.log(`locked: ${lock.locked()}`);
}

await run(main);
// Output:
// without the lock: 70
// with the lock: 40
// locked: true
// locked: false
