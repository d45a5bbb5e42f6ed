import { FUTURE, type Coroutine, type FutureLike } from "./future-like.js";

/**
 * True if `x` is an \@aio future (or task), from any copy of the packages (`asyncio.isfuture`).
 * @public
 */
export function isFuture(x: unknown): x is FutureLike<unknown> {
  return x !== null && typeof x === "object" && typeof (x as { [FUTURE]?: unknown })[FUTURE] === "boolean";
}

/**
 * True if `x` is a generator coroutine: the object a `function*` returns (`asyncio.iscoroutine`).
 *
 * @remarks
 * Async-function *calls* return plain promises, which are not coroutines here: pass the async
 * function itself to `createTask` so it runs inside the task.
 * @public
 */
export function isCoroutine(x: unknown): x is Coroutine {
  // Native generators answer through one prototype check; duck typing on them is megamorphic
  // (each generator function gives its objects their own prototype) and showed up in profiles.
  // Stryker disable next-line ConditionalExpression: a fast path; the duck typing below answers the same for generators.
  if (x instanceof GeneratorObject) return true;
  return (
    x !== null &&
    typeof x === "object" &&
    typeof (x as Generator).next === "function" &&
    typeof (x as Generator).throw === "function" &&
    typeof (x as Generator)[Symbol.iterator] === "function"
  );
}

const GeneratorFunction = Object.getPrototypeOf(function* () {}).constructor as unknown;
// `x instanceof GeneratorObject` is true exactly for objects made by generator functions: their
// prototype chain goes through %GeneratorPrototype% (GeneratorFunction.prototype.prototype).
const GeneratorObject = function GeneratorObject() {} as unknown as Function;
GeneratorObject.prototype = (GeneratorFunction as { prototype: { prototype: object } }).prototype.prototype;
const AsyncFunction = Object.getPrototypeOf(async function () {}).constructor as unknown;

/**
 * True for generator functions and async functions (`inspect.iscoroutinefunction`).
 * @public
 */
export function isCoroutineFunction(f: unknown): f is (...args: never[]) => Coroutine | Promise<unknown> {
  return typeof f === "function" && (f instanceof (GeneratorFunction as Function) || f instanceof (AsyncFunction as Function));
}
