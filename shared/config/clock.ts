/** A clock; tests pass a fixed one. */
export type Clock = () => Date;

/** The system clock. */
export const systemClock: Clock = () => new Date();
