// The state every queue shares, apart from its storage: counts, the three waiter lines, the
// shutdown flag and the loop binding. `Queue` keeps it in a private field and hands it to its
// put/get operations (queue-ops.ts), which are hand-written state machines for speed.
import { FUTURE, type EventLoop, type FutureLike } from "@aio/core";
import { _WaiterQueue } from "@aio/future";
import { boundLoop } from "./loop-binding.js";

/** @internal */
export class QueueCore {
  count = 0;
  unfinished = 0;
  isShutdown = false;
  loop: EventLoop | null = null;
  readonly getters = new _WaiterQueue<undefined>();
  readonly putters = new _WaiterQueue<undefined>();
  readonly joiners = new _WaiterQueue<undefined>();

  constructor(readonly maxsize: number) {}

  full(): boolean {
    return this.maxsize > 0 && this.count >= this.maxsize;
  }

  /** A new waiter in `line`, ready to be yielded to the task (binds the queue to the running loop). */
  wait(line: _WaiterQueue<undefined>, owner: object): FutureLike<undefined> {
    const loop = (this.loop = boundLoop(this.loop, owner));
    const fut = loop.createFuture<undefined>();
    line.add(fut);
    fut[FUTURE] = true;
    return fut;
  }
}
