// What a worker needs to find a job's function: its checked source, or the module and export that
// hold it. Shared by the local pools and by executors in other packages (@aio/executor-bullmq).
import { _describe as describe } from "@aio/core";
import { isModuleTask } from "./from-module.js";
import { functionSource } from "./function-source.js";
import type { JobCode } from "./protocol.js";

/**
 * For the \@aio executors: checks that `fn` can run in a worker and returns how to send it: a
 * {@link fromModule} task as its module and export, a function as its checked source.
 *
 * @remarks
 * Applies the local pools' rules: a function that uses variables from outside its body, a
 * native or bound function, or a class is refused. Checks are cached per function and per
 * source text, so calling this in a hot loop parses once.
 * @param where - The caller, for error messages (`BullMQExecutor.submit(fn)`).
 * @throws TypeError if `fn` is not a function or module task, or is refused (the message says why).
 * @public
 */
export function jobCode(fn: unknown, where: string): JobCode {
  if (isModuleTask(fn)) return { kind: "module", url: fn.moduleUrl, name: fn.exportName };
  if (typeof fn !== "function") {
    throw new TypeError(`${where}: expected a function or a fromModule() task, got ${describe(fn)}`);
  }
  const { id, source, shape, prelude } = functionSource(fn, where);
  return prelude === "" ? { kind: "source", id, shape, source } : { kind: "source", id, shape, source, prelude };
}
