// How a loop and an async-function task agree on where a task's step ends. JavaScript resumes an
// async function only from a microtask, so a loop that runs such a task's step "inside" an
// iteration (as asyncio runs `Task.__step`) must stop its synchronous drain after the entry that
// resumed the function, and go on once the step has ended. @aio/loop implements the loop side,
// @aio/task the task side; a loop that implements neither still runs tasks, only with async
// functions stepping between its turns.

/**
 * For loop and task implementations: a task whose async-function step a loop is waiting for.
 * @public
 */
export interface SteppingTask {
  /**
   * Called by the loop when every microtask has run and the step has not ended: the function
   * awaits something that is not an \@aio awaitable. The loop goes on without it.
   */
  _stepOutlived(): void;
}

/**
 * For loop and task implementations: the optional members a loop has when it can run
 * async-function steps inside its iterations.
 * @public
 */
export interface StepPausingLoop {
  /**
   * Called while the loop runs an entry that resumed `task`'s async function: the loop runs no
   * other entry until `_continueAfterStep()`. Returns false when it cannot wait now (the step
   * then runs detached, like code after a foreign await).
   */
  _pauseForStep(task: SteppingTask): boolean;
  /** Whether `_pauseForStep` would return true now. */
  _canWaitForStep(): boolean;
  /** Called from a microtask once the step the loop waits for has ended. */
  _continueAfterStep(): void;
}
