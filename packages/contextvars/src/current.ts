// Which context is current. Three places can say, asked in this order:
// 1. `entered`: a context entered synchronously — by `Context.run`, by a task's step (the loop runs
//    it inside its task's context), or by a loop callback scheduled with a context. It is set and
//    restored around synchronous code only, so it is null between those.
// 2. the resolver: code that runs outside any synchronous entry, which is an async function's code
//    after an await, belongs to a task; @aio/task installs a resolver that finds that task (with
//    the machinery `currentTask()` uses) and answers with its context.
// 3. otherwise the base context: the one of code outside any task (top-level code).
//
// Nothing of this costs anything until the first ContextVar is made (`inUse`): before that every
// context is empty, so which one is current cannot be observed, and the loop and tasks skip
// capturing and entering contexts altogether (a task made earlier gets an empty context on first need).
import type { Context } from "./context.js";

/** @internal */
export const state: {
  /** Set by the first `new ContextVar()`. */
  inUse: boolean;
  /** The context entered synchronously, if any. */
  entered: Context | null;
  /** The running task's context (installed by \@aio/task). */
  resolver: (() => Context | null) | null;
  /** The context of code outside any task (made by context.ts). */
  base: Context | null;
} = { inUse: false, entered: null, resolver: null, base: null };

/** @internal The current context (see the top of this file). */
export function currentContext(): Context {
  const e = state.entered;
  if (e !== null) return e;
  const r = state.resolver;
  if (r !== null) {
    const c = r();
    if (c !== null) return c;
  }
  return state.base!;
}
