// The working-day calendar (deadlines.md §1): the spec's examples, every day of 2020–2026 against
// chinese-days (a maintained package, used here only), provisional dates across a year without a
// notice, and the counting rules as properties.
import chineseDays from 'chinese-days';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import holidayFile from '../calendar/cn-holidays.json' with { type: 'json' };
import { addDaysRolled, addWorkingDays, cnCalendar, workingDayCalendar } from '../src/calendar.ts';
import { addDays } from '../src/dates.ts';

describe('deadlines.md §1: the examples (2026 notice; CIVIL-201/203)', () => {
  it('addWorkingDays(2026-09-30, 1) = 2026-10-08: the National Day holiday is not counted', () => {
    expect(addWorkingDays('2026-09-30', 1)).toEqual({ date: '2026-10-08', provisional: false });
  });
  it('addWorkingDays(2026-09-24, 20) = 2026-10-29 (PUB-45 Art. 9, §5 worked example)', () => {
    expect(addWorkingDays('2026-09-24', 20)).toEqual({ date: '2026-10-29', provisional: false });
  });
  it('addDaysRolled(2026-07-03, 90) = 2026-10-08: 2026-10-01 is a holiday, rolled (SAMPLING-15 Art. 45)', () => {
    expect(addDaysRolled('2026-07-03', 90)).toEqual({ date: '2026-10-08', provisional: false });
  });
  it('addWorkingDays(2026-07-03, 7) = 2026-07-14: the re-test window of §5 (FSL-88)', () => {
    expect(addWorkingDays('2026-07-03', 7).date).toBe('2026-07-14');
  });
  it('addWorkingDays(2026-12-30, 3) = 2027-01-04, provisional while no 2027 notice is loaded', () => {
    expect(addWorkingDays('2026-12-30', 3)).toEqual({ date: '2027-01-04', provisional: true });
  });
  it('make-up working days count: 2026-10-10 (Saturday) is a working day, 2026-09-25 (Friday) is not', () => {
    expect(cnCalendar().isWorkingDay('2026-10-10')).toBe(true);
    expect(cnCalendar().isWorkingDay('2026-09-20')).toBe(true);
    expect(cnCalendar().isWorkingDay('2026-09-25')).toBe(false);
  });
});

describe('the shipped calendar (HOLIDAYS)', () => {
  it('every day of 2020–2026 is a working day exactly when chinese-days says so', () => {
    const wrong: string[] = [];
    for (let d = '2020-01-01'; d <= '2026-12-31'; d = addDays(d, 1)) {
      if (cnCalendar().isWorkingDay(d) !== chineseDays.isWorkday(d)) wrong.push(d);
    }
    expect(wrong).toEqual([]);
  });

  it('names the notice of every year it ships, 2020 to 2026', () => {
    expect([...cnCalendar().years].sort()).toEqual([2020, 2021, 2022, 2023, 2024, 2025, 2026]);
    for (const entry of holidayFile.years) expect(entry.sources[0]).toContain(`${entry.year}年`);
  });

  it('a period ending in a year without a notice is provisional; loading that year makes it final', () => {
    expect(addDaysRolled('2026-12-01', 40).provisional).toBe(true);
    expect(addDaysRolled('2026-11-01', 40).provisional).toBe(false);
    // A period that starts on the last day of 2026 touches only 2027, where Monday to Friday work.
    expect(addWorkingDays('2026-12-31', 1)).toEqual({ date: '2027-01-01', provisional: true });
    const with2027 = workingDayCalendar({
      ...holidayFile,
      years: [
        ...holidayFile.years,
        {
          year: 2027,
          sources: ['test'],
          holidays: [{ name: '元旦', from: '2027-01-01', to: '2027-01-04' }],
          workdays: [],
        },
      ],
    });
    expect(addWorkingDays('2026-12-31', 1, with2027)).toEqual({ date: '2027-01-05', provisional: false });
  });

  it('a bad entry is refused with the entry and field named', () => {
    const bad = structuredClone(holidayFile) as { years: { workdays: string[] }[] };
    (bad.years[0] as { workdays: string[] }).workdays.push('2020-02-30');
    expect(() => workingDayCalendar(bad, 'cal.json')).toThrow(
      /cal\.json is invalid:\n {2}years\.0\.workdays\.\d+: must be a calendar date/,
    );
    const twice = { ...holidayFile, years: [...holidayFile.years, holidayFile.years[0]] };
    expect(() => workingDayCalendar(twice, 'cal.json')).toThrow(/year 2020 appears twice/);
  });
});

describe('counting rules (properties)', () => {
  const day = fc.integer({ min: 0, max: 2900 }).map((n) => addDays('2019-06-01', n));
  it('addWorkingDays lands on a working day after d, later for every extra day, n working days in between', () => {
    fc.assert(
      fc.property(day, fc.integer({ min: 1, max: 40 }), (d, n) => {
        const { date } = addWorkingDays(d, n);
        expect(date > d).toBe(true);
        expect(cnCalendar().isWorkingDay(date)).toBe(true);
        expect(addWorkingDays(d, n + 1).date > date).toBe(true);
        let count = 0;
        for (let e = addDays(d, 1); e <= date; e = addDays(e, 1)) if (cnCalendar().isWorkingDay(e)) count++;
        expect(count).toBe(n);
      }),
      { numRuns: 300 },
    );
  });
  it('addDaysRolled lands on the first working day on or after d + n', () => {
    fc.assert(
      fc.property(day, fc.integer({ min: 0, max: 120 }), (d, n) => {
        const { date } = addDaysRolled(d, n);
        expect(date >= addDays(d, n)).toBe(true);
        expect(cnCalendar().isWorkingDay(date)).toBe(true);
        for (let e = addDays(d, n); e < date; e = addDays(e, 1)) expect(cnCalendar().isWorkingDay(e)).toBe(false);
      }),
      { numRuns: 300 },
    );
  });
});
