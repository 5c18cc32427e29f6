// The one source of time. Use cases and stores are handed a Clock; only the edges (the Lambda
// handlers' dependency builders, the local command, server and token tool) build one from the
// wall clock. So every result can be replayed on a fixed day, and the tests pass on any day.
import { shanghaiToday } from './dates.ts';
import type { IsoDate } from './types.ts';

export interface Clock {
  /** The current instant. */
  now(): Date;
  /** Today's calendar date in Asia/Shanghai (grading-model.md §1). */
  today(): IsoDate;
}

/** A clock that reads `now`; today follows it in Asia/Shanghai. */
export function clockFrom(now: () => Date): Clock {
  return { now, today: () => shanghaiToday(now()) };
}

/**
 * The wall clock: the only place in fenji's code that reads it (the benchmark also stamps its
 * results). Passed in by the edges alone; test/architecture/clock.test.ts fails on any other read.
 */
export const systemClock: Clock = clockFrom(() => new Date());

/** A clock stopped at one instant (tests, replays). */
export function fixedClock(instant: Date | string): Clock {
  const at = new Date(instant);
  if (Number.isNaN(at.getTime())) throw new RangeError(`fixedClock: not an instant: ${String(instant)}`);
  return clockFrom(() => new Date(at));
}

/**
 * The same instants, with `day` as today: the local command grades as on its --as-of, so its
 * run is the present of its state, never a re-grade of the past.
 */
export function presentOn(clock: Clock, day: IsoDate): Clock {
  return { now: () => clock.now(), today: () => day };
}
