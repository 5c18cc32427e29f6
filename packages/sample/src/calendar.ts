// Dates as whole days since 1970-01-01 (UTC), so that "n days later" is an addition, and the
// windows of history the sample covers up to its asOf date. Statutory steps count working days
// on the domain's calendar (deadlines.md §1): public holidays and make-up working days matter.
import { addDaysRolled, addWorkingDays, cnCalendar, formatIsoDate, type IsoDate, parseIsoDate } from '@fenji/domain';
import type { Calendar } from './history.ts';

const DAY_MS = 86_400_000;

export function toDay(d: IsoDate): number {
  const { year, month, day } = parseIsoDate(d);
  return Date.UTC(year, month - 1, day) / DAY_MS;
}

export function toDate(day: number): IsoDate {
  const t = new Date(day * DAY_MS);
  return formatIsoDate(t.getUTCFullYear(), t.getUTCMonth() + 1, t.getUTCDate());
}

export function calendar(asOf: IsoDate): Calendar {
  const year = parseIsoDate(asOf).year;
  return {
    asOf,
    asOfDay: toDay(asOf),
    historyStart: `${year - 2}-01-01`,
    penaltyStart: `${year - 4}-01-01`,
    toDay,
    toDate,
  };
}

// ---------------------------------------------------------------------------------------------
// Working days: the domain's calendar and its counting (deadlines.md §1), so that the sample's
// steps are dated as the cases count them.

const workingDay = (day: number): boolean => cnCalendar().isWorkingDay(toDate(day));

export const isWorkingDay = (d: IsoDate): boolean => workingDay(toDay(d));

/** Saturday or Sunday, whatever the holiday notice says. */
export const isWeekend = (d: IsoDate): boolean => {
  const w = (((toDay(d) + 4) % 7) + 7) % 7; // 1970-01-01 was a Thursday; 0 = Sunday
  return w === 0 || w === 6;
};

/** The n-th working day after d, d not counted (n ≥ 1): addWorkingDays. */
export const workingDaysAfter = (d: IsoDate, n: number): IsoDate => addWorkingDays(d, n).date;

/** The n-th working day before d (n ≥ 1). */
export function workingDaysBefore(d: IsoDate, n: number): IsoDate {
  let day = toDay(d);
  for (let left = n; left > 0; ) if (workingDay(--day)) left--;
  return toDate(day);
}

/** d itself when it is a working day, else the working day before it. */
export function workingDayOnOrBefore(d: IsoDate): IsoDate {
  let day = toDay(d);
  while (!workingDay(day)) day--;
  return toDate(day);
}

/** d + n calendar days, rolled to the next working day while a rest day (a 90-day period). */
export const daysRolled = (d: IsoDate, n: number): IsoDate => addDaysRolled(d, n).date;
