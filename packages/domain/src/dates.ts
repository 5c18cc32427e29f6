// Calendar-date arithmetic of grading-model.md §1, in one place. Dates are `YYYY-MM-DD`
// strings, which compare correctly as strings; no time zone ever enters.
import type { IsoDate } from './types.ts';

const MONTH_DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

export function daysInMonth(year: number, month: number): number {
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  return month === 2 && leap ? 29 : (MONTH_DAYS[month - 1] as number);
}

// Grading does date arithmetic on every record of every enterprise (window edges, leave dates,
// publicity ends, working-day deadlines) over a few thousand distinct dates: the shape is
// checked by character codes (no RegExp, no Date), and results are memoised per date.
const digit = (d: string, i: number): number => {
  const c = d.charCodeAt(i) - 48;
  return c >= 0 && c <= 9 ? c : Number.NaN;
};
function fields(d: string): { year: number; month: number; day: number } | null {
  if (d.length !== 10 || d.charCodeAt(4) !== 45 || d.charCodeAt(7) !== 45) return null;
  const year = digit(d, 0) * 1000 + digit(d, 1) * 100 + digit(d, 2) * 10 + digit(d, 3);
  const month = digit(d, 5) * 10 + digit(d, 6);
  const day = digit(d, 8) * 10 + digit(d, 9);
  return Number.isNaN(year + month + day) ? null : { year, month, day };
}

export function parseIsoDate(d: IsoDate): { year: number; month: number; day: number } {
  const f = typeof d === 'string' ? fields(d) : null;
  if (!f) throw new RangeError(`not a YYYY-MM-DD date: ${d}`);
  return f;
}

export function isValidIsoDate(d: string): boolean {
  const f = fields(d);
  return f !== null && f.month >= 1 && f.month <= 12 && f.day >= 1 && f.day <= daysInMonth(f.year, f.month);
}

export function formatIsoDate(year: number, month: number, day: number): IsoDate {
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** A bounded memo: dates are few, but a long-lived process must not grow without end. */
export function memo<K, V>(limit = 100_000): { get(k: K): V | undefined; set(k: K, v: V): V } {
  const m = new Map<K, V>();
  return {
    get: (k) => m.get(k),
    set(k, v) {
      if (m.size >= limit) m.clear();
      m.set(k, v);
      return v;
    },
  };
}

const dayNumbers = memo<string, number>();
const isoDates = memo<number, IsoDate>();

/** Days since 1970-01-01 of a calendar date (proleptic Gregorian; days_from_civil, H. Hinnant). */
export function dayNumber(d: IsoDate): number {
  const known = dayNumbers.get(d);
  if (known !== undefined) return known;
  const { year, month, day } = parseIsoDate(d);
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return dayNumbers.set(d, era * 146_097 + doe - 719_468);
}

/** The calendar date of a day number (civil_from_days, H. Hinnant). */
export function isoDateOf(n: number): IsoDate {
  const known = isoDates.get(n);
  if (known !== undefined) return known;
  const z = n + 719_468;
  const era = Math.floor(z / 146_097);
  const doe = z - era * 146_097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  return isoDates.set(n, formatIsoDate(yoe + era * 400 + (month <= 2 ? 1 : 0), month, day));
}

const shifted = new Map<number, ReturnType<typeof memo<string, IsoDate>>>();

/** Same day-of-month n months later (n may be negative), clamped to the target month's last day (§1). */
export function addMonths(d: IsoDate, n: number): IsoDate {
  let byDate = shifted.get(n);
  if (!byDate) {
    byDate = memo<string, IsoDate>();
    shifted.set(n, byDate);
  }
  const known = byDate.get(d);
  if (known !== undefined) return known;
  const { year, month, day } = parseIsoDate(d);
  const index = year * 12 + (month - 1) + n;
  const y = Math.floor(index / 12);
  const mo = index - y * 12 + 1;
  return byDate.set(d, formatIsoDate(y, mo, Math.min(day, daysInMonth(y, mo))));
}

const leaveDays = new Map<number, ReturnType<typeof memo<string, IsoDate>>>();

/** First D with `date ≤ addMonths(D, −months)`: the day a record leaves a window or a licence comes of age (§1). */
export function firstDayAtLeastMonthsAfter(date: IsoDate, months: number): IsoDate {
  let byDate = leaveDays.get(months);
  if (!byDate) {
    byDate = memo<string, IsoDate>();
    leaveDays.set(months, byDate);
  }
  const known = byDate.get(date);
  if (known !== undefined) return known;
  // addMonths(date, months) is the answer except when month-end clamping makes it fall a few
  // days short (2025-08-31 + 6 months = 2026-02-28, but 2026-02-28 − 6 months = 2025-08-28).
  let d = addMonths(date, months);
  // Only days 29–31 can be clamped short; the others are exact.
  if (parseIsoDate(date).day > 28) while (date > addMonths(d, -months)) d = addDays(d, 1);
  return byDate.set(date, d);
}

export function addDays(d: IsoDate, n: number): IsoDate {
  return isoDateOf(dayNumber(d) + n);
}

/** Calendar days from a to b (b − a), negative when b is earlier. */
export function daysBetween(a: IsoDate, b: IsoDate): number {
  return dayNumber(b) - dayNumber(a);
}

/** "within N months" of asOf: `addMonths(asOf, −N) < date ≤ asOf` (§1). */
export function withinMonths(date: IsoDate, asOf: IsoDate, months: number): boolean {
  return date > addMonths(asOf, -months) && date <= asOf;
}

/** "licensed at least N months before asOf": `licensedOn ≤ addMonths(asOf, −N)` (§1). */
export function atLeastMonthsBefore(date: IsoDate, asOf: IsoDate, months: number): boolean {
  return date <= addMonths(asOf, -months);
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
