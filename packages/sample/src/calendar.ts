// Dates as whole days since 1970-01-01 (UTC), so that "n days later" is an addition, and the
// windows of history the sample covers up to its asOf date.
import { formatIsoDate, type IsoDate, parseIsoDate } from '@fenji/domain';
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
