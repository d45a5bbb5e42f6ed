/**
 * `wait()` returns as soon as any awaitable finishes or is cancelled.
 * @public
 */
export const FIRST_COMPLETED = "FIRST_COMPLETED";

/**
 * `wait()` returns as soon as any awaitable fails (cancellation does not count), or when all are
 * done.
 * @public
 */
export const FIRST_EXCEPTION = "FIRST_EXCEPTION";

/**
 * `wait()` returns when every awaitable is done (the default).
 * @public
 */
export const ALL_COMPLETED = "ALL_COMPLETED";

/**
 * When `wait()` returns: {@link FIRST_COMPLETED}, {@link FIRST_EXCEPTION} or {@link ALL_COMPLETED}.
 * @public
 */
export type ReturnWhen = typeof FIRST_COMPLETED | typeof FIRST_EXCEPTION | typeof ALL_COMPLETED;
