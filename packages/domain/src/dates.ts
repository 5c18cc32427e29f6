// Calendar-date arithmetic of grading-model.md §1, in one place. Dates are `YYYY-MM-DD`
// strings, which compare correctly as strings; no time zone ever enters.
import type { IsoDate } from './types.ts';

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

const MONTH_DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

export function daysInMonth(year: number, month: number): number {
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  return month === 2 && leap ? 29 : (MONTH_DAYS[month - 1] as number);
}

export function parseIsoDate(d: IsoDate): { year: number; month: number; day: number } {
  if (!DATE.test(d)) throw new RangeError(`not a YYYY-MM-DD date: ${d}`);
  return { year: Number(d.slice(0, 4)), month: Number(d.slice(5, 7)), day: Number(d.slice(8, 10)) };
}

export function isValidIsoDate(d: string): boolean {
  const m = DATE.exec(d);
  if (!m) return false;
  const month = Number(m[2]);
  const day = Number(m[3]);
  return month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(Number(m[1]), month);
}

export function formatIsoDate(year: number, month: number, day: number): IsoDate {
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** Same day-of-month n months later (n may be negative), clamped to the target month's last day (§1). */
export function addMonths(d: IsoDate, n: number): IsoDate {
  const { year, month, day } = parseIsoDate(d);
  const index = year * 12 + (month - 1) + n;
  const y = Math.floor(index / 12);
  const mo = index - y * 12 + 1;
  return formatIsoDate(y, mo, Math.min(day, daysInMonth(y, mo)));
}

export function addDays(d: IsoDate, n: number): IsoDate {
  const { year, month, day } = parseIsoDate(d);
  const t = new Date(Date.UTC(year, month - 1, day + n));
  return formatIsoDate(t.getUTCFullYear(), t.getUTCMonth() + 1, t.getUTCDate());
}

/** Calendar days from a to b (b − a), negative when b is earlier. */
export function daysBetween(a: IsoDate, b: IsoDate): number {
  const day = (d: IsoDate) => {
    const { year, month, day: dd } = parseIsoDate(d);
    return Date.UTC(year, month - 1, dd) / 86_400_000;
  };
  return day(b) - day(a);
}

// Grading asks for the same few window edges of one asOf (− 12, − 24, − 36 months …) for every
// record of every enterprise: they are kept for the asOf in use.
let edgesOf: IsoDate | undefined;
const edges = new Map<number, IsoDate>();
function monthsBefore(asOf: IsoDate, months: number): IsoDate {
  if (asOf !== edgesOf) {
    edgesOf = asOf;
    edges.clear();
  }
  let edge = edges.get(months);
  if (edge === undefined) {
    edge = addMonths(asOf, -months);
    edges.set(months, edge);
  }
  return edge;
}

/** "within N months" of asOf: `addMonths(asOf, −N) < date ≤ asOf` (§1). */
export function withinMonths(date: IsoDate, asOf: IsoDate, months: number): boolean {
  return date > monthsBefore(asOf, months) && date <= asOf;
}

/** "licensed at least N months before asOf": `licensedOn ≤ addMonths(asOf, −N)` (§1). */
export function atLeastMonthsBefore(date: IsoDate, asOf: IsoDate, months: number): boolean {
  return date <= monthsBefore(asOf, months);
}

/** Today's calendar date in Asia/Shanghai (§1). Callers pass it in; the engine never reads a clock. */
export function shanghaiToday(now: Date): IsoDate {
  return new Date(now.getTime() + 8 * 3_600_000).toISOString().slice(0, 10);
}

const EN_COUNTS = ['one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten'];
const ZH_COUNTS = ['一', '两', '三', '四', '五', '六', '七', '八', '九', '十'];

/**
 * A rule set's period in months as messages say it, in English and Chinese: whole years as
 * years (12 → "one year" / "一年"), other periods as months (18 → "18 months" / "18个月").
 */
export function monthsInWords(months: number): { en: string; zh: string } {
  const years = months / 12;
  const [n, unitEn, unitZh] = Number.isInteger(years) ? [years, 'year', '年'] : [months, 'month', '个月'];
  return {
    en: `${EN_COUNTS[n - 1] ?? n} ${unitEn}${n === 1 ? '' : 's'}`,
    zh: `${ZH_COUNTS[n - 1] ?? n}${unitZh}`,
  };
}
