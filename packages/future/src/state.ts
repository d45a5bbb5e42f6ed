// Future states as small integers: compared on every await, so no strings on the hot path.
/** @internal */
export const PENDING = 0;
/** @internal */
export const FINISHED = 1;
/** @internal */
export const CANCELLED = 2;
/** @internal */
export type State = typeof PENDING | typeof FINISHED | typeof CANCELLED;

/** @internal */
export const stateName = (s: State): string => (s === PENDING ? "pending" : s === FINISHED ? "finished" : "cancelled");
