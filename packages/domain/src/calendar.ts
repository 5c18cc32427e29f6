// The working-day calendar of deadlines.md §1: PRC public holidays and make-up working days as
// dated data (calendar/cn-holidays.json, one entry per year from the State Council General
// Office's notice), and the two ways a statutory period is counted. Adding a year is adding its
// entry; a due date whose period touches a year without one is provisional.
import { z } from 'zod';
import holidayFile from '../calendar/cn-holidays.json' with { type: 'json' };
import { addDays, isValidIsoDate, memo, parseIsoDate } from './dates.ts';
import type { IsoDate } from './types.ts';

const isoDate = z.string().refine(isValidIsoDate, 'must be a calendar date YYYY-MM-DD');

export const holidayFileSchema = z.object({
  basis: z.string().min(1),
  note: z.string().optional(),
  years: z
    .array(
      z
        .object({
          year: z.number().int().min(1990).max(2100),
          /** The notice(s) the entry is taken from, by title. */
          sources: z.array(z.string().min(1)).min(1),
          holidays: z.array(z.object({ name: z.string().min(1), from: isoDate, to: isoDate })).min(1),
          workdays: z.array(isoDate),
        })
        .strict(),
    )
    .min(1),
});
export type HolidayFile = z.infer<typeof holidayFileSchema>;

/** A due date, and whether its period touches a year the calendar has no notice for. */
export interface DueDate {
  date: IsoDate;
  provisional: boolean;
}

export interface WorkingDayCalendar {
  readonly basis: string;
  /** Years with a notice. */
  readonly years: ReadonlySet<number>;
  isWorkingDay(d: IsoDate): boolean;
}

/** Validates a holiday file and builds its calendar; an error names the entry and field. */
export function workingDayCalendar(
  data: unknown,
  file = 'packages/domain/calendar/cn-holidays.json',
): WorkingDayCalendar {
  const parsed = holidayFileSchema.safeParse(data);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`).join('\n');
    throw new RangeError(`holiday calendar ${file} is invalid:\n${problems}`);
  }
  const holidays = new Set<IsoDate>();
  const workdays = new Set<IsoDate>();
  const years = new Set<number>();
  for (const entry of parsed.data.years) {
    if (years.has(entry.year)) throw new RangeError(`holiday calendar ${file}: year ${entry.year} appears twice`);
    years.add(entry.year);
    for (const h of entry.holidays) {
      if (h.to < h.from)
        throw new RangeError(`holiday calendar ${file}: ${entry.year} ${h.name} ends before it starts`);
      for (let d = h.from; d <= h.to; d = addDays(d, 1)) holidays.add(d);
    }
    for (const w of entry.workdays) workdays.add(w);
  }
  const clash = [...workdays].find((d) => holidays.has(d));
  if (clash) throw new RangeError(`holiday calendar ${file}: ${clash} is both a holiday and a make-up working day`);
  return {
    basis: parsed.data.basis,
    years,
    isWorkingDay(d: IsoDate): boolean {
      if (workdays.has(d)) return true;
      if (holidays.has(d)) return false;
      return !isWeekend(d);
    },
  };
}

let shipped: WorkingDayCalendar | undefined;
/** The shipped calendar (HOLIDAYS): bundled with the code, built on first use, never read from disk. */
export function cnCalendar(): WorkingDayCalendar {
  shipped ??= workingDayCalendar(holidayFile);
  return shipped;
}

/** Day of the week, 0 = Sunday (Sakamoto), without a Date object. */
function weekday(d: IsoDate): number {
  const { year, month, day } = parseIsoDate(d);
  const t = [0, 3, 2, 5, 0, 3, 5, 1, 4, 6, 2, 4] as const;
  const y = month < 3 ? year - 1 : year;
  return (y + Math.floor(y / 4) - Math.floor(y / 100) + Math.floor(y / 400) + (t[month - 1] as number) + day) % 7;
}

const isWeekend = (d: IsoDate) => {
  const w = weekday(d);
  return w === 0 || w === 6;
};

/** Provisional when a year of the period (after `from`, up to and including `to`) has no notice. */
function provisional(from: IsoDate, to: IsoDate, calendar: WorkingDayCalendar): boolean {
  const first = parseIsoDate(addDays(from, 1)).year;
  const last = parseIsoDate(to).year;
  for (let y = first; y <= last; y++) if (!calendar.years.has(y)) return true;
  return false;
}

// Every case of every enterprise asks for the same few periods (7 working days, 20 working days,
// 90 days rolled) from a few thousand distinct dates: due dates are kept per calendar and period.
type DueDates = ReturnType<typeof memo<IsoDate, DueDate>>;
const dueDates = new WeakMap<WorkingDayCalendar, Map<string, DueDates>>();
function remembered(calendar: WorkingDayCalendar, period: string, d: IsoDate, compute: () => DueDate): DueDate {
  let byPeriod = dueDates.get(calendar);
  if (!byPeriod) {
    byPeriod = new Map();
    dueDates.set(calendar, byPeriod);
  }
  let byDate = byPeriod.get(period);
  if (!byDate) {
    byDate = memo<IsoDate, DueDate>();
    byPeriod.set(period, byDate);
  }
  return byDate.get(d) ?? byDate.set(d, Object.freeze(compute()));
}

/** The n-th working day after d, d itself not counted (CIVIL-201), n ≥ 1. */
export function addWorkingDays(d: IsoDate, n: number, calendar: WorkingDayCalendar = cnCalendar()): DueDate {
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`addWorkingDays: n must be a whole number ≥ 1; got ${n}`);
  return remembered(calendar, `w${n}`, d, () => {
    let e = d;
    for (let left = n; left > 0; ) {
      e = addDays(e, 1);
      if (calendar.isWorkingDay(e)) left--;
    }
    return { date: e, provisional: provisional(d, e, calendar) };
  });
}

/** d + n calendar days, then rolled to the next working day while it is a rest day (CIVIL-203). */
export function addDaysRolled(d: IsoDate, n: number, calendar: WorkingDayCalendar = cnCalendar()): DueDate {
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`addDaysRolled: n must be a whole number ≥ 0; got ${n}`);
  return remembered(calendar, `r${n}`, d, () => {
    let e = addDays(d, n);
    while (!calendar.isWorkingDay(e)) e = addDays(e, 1);
    return { date: e, provisional: provisional(d, e, calendar) };
  });
}
