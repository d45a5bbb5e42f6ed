// Who awaits what, for the call graph. A task records only the future it awaits right now
// (`_futWaiter`, CPython's `_fut_waiter`), for its own reasons (cancel() must reach it). The call
// graph derives "awaited by" from that when it is captured, by looking at every pending task of
// the loop once: an await costs nothing more than it did.
//
// Some combinators stand between the awaiting task and what it really waits for, and say so here
// (CPython's future_add_to_awaited_by), once per combinator call, never per await:
// - the future `gather` returns stands for its children, the one `shield` returns for the shielded
//   future: a task awaiting the outer future awaits the inner ones (`_AWAITS` on the outer
//   future's class, or `_awaitThrough` for a plain future);
// - the task that runs a TaskGroup's block waits for the group's children whatever it awaits in
//   the block itself (`_addAwaitedBy` when the block is entered, `_discardAwaitedBy` when it ends).
import { _describe as describe, isFuture, type FutureLike, type TaskLike } from "@aio/core";

/**
 * For the \@aio packages: a future class whose awaiters also await other futures defines this
 * method, returning them (the future `gather` returns: its children).
 * @public
 */
export const _AWAITS: unique symbol = Symbol.for("@aio/task.awaits");

/** Something that may define `_AWAITS`. */
interface Standing {
  [_AWAITS]?: () => Iterable<FutureLike<unknown>>;
}

const through = new WeakMap<object, Iterable<FutureLike<unknown>>>();
const groups = new WeakMap<object, Set<Iterable<FutureLike<unknown>>>>();

/**
 * For the \@aio packages: whoever awaits `outer` awaits `inner` too (a plain future standing for
 * another one, as `shield`'s outer future does). Held weakly: it goes with `outer`.
 * @throws TypeError if `outer` is not a future or `inner` is not iterable.
 * @public
 */
export function _awaitThrough(outer: FutureLike<unknown>, inner: Iterable<FutureLike<unknown>>): void {
  if (!isFuture(outer)) throw new TypeError(`_awaitThrough(outer): expected a future, got ${describe(outer)}`);
  checkIterable("_awaitThrough", "inner", inner);
  through.set(outer, inner);
}

/**
 * For the \@aio packages: `awaiter` (a task) awaits every future in `awaited` (a live collection,
 * read when a call graph is captured) until {@link _discardAwaitedBy} is called with the same
 * arguments. A TaskGroup registers its children for the task that runs its block.
 * @throws TypeError if `awaiter` is not a future or `awaited` is not iterable.
 * @public
 */
export function _addAwaitedBy(awaiter: TaskLike<unknown>, awaited: Iterable<FutureLike<unknown>>): void {
  if (!isFuture(awaiter)) throw new TypeError(`_addAwaitedBy(awaiter): expected a task, got ${describe(awaiter)}`);
  checkIterable("_addAwaitedBy", "awaited", awaited);
  let set = groups.get(awaiter);
  if (set === undefined) groups.set(awaiter, (set = new Set()));
  set.add(awaited);
}

/**
 * For the \@aio packages: undoes {@link _addAwaitedBy} (nothing happens if it was not registered).
 * @public
 */
export function _discardAwaitedBy(awaiter: TaskLike<unknown>, awaited: Iterable<FutureLike<unknown>>): void {
  const set = groups.get(awaiter);
  if (set === undefined) return;
  set.delete(awaited);
  // Stryker disable next-line ConditionalExpression: dropping an emptied set only frees memory (an empty set adds no awaits); `true` is killed by the tests anyway
  if (set.size === 0) groups.delete(awaiter);
}

function checkIterable(fn: string, arg: string, x: unknown): void {
  if (x === null || typeof x !== "object" || typeof (x as Iterable<unknown>)[Symbol.iterator] !== "function") {
    throw new TypeError(`${fn}(${arg}): expected an iterable of futures, got ${describe(x)}`);
  }
}

/** @internal The futures a task awaiting `fut` awaits as well (empty for most futures). */
export function awaitedThrough(fut: FutureLike<unknown>): Iterable<FutureLike<unknown>> | undefined {
  const own = (fut as Standing)[_AWAITS];
  return typeof own === "function" ? own.call(fut) : through.get(fut);
}

/** @internal What `task` awaits besides its waiter (the children of the TaskGroups it runs). */
export function awaitedGroups(task: TaskLike<unknown>): Iterable<Iterable<FutureLike<unknown>>> | undefined {
  return groups.get(task);
}
