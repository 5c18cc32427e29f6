// grading-model.md §1: calendar arithmetic, month-end clamping and window edges.
import { describe, expect, it } from 'vitest';
import { addDays, addMonths, atLeastMonthsBefore, isValidIsoDate, shanghaiToday, withinMonths } from '../src/dates.ts';

describe('§1 dates', () => {
  it.each([
    ['2026-03-31', -1, '2026-02-28'],
    ['2024-03-31', -1, '2024-02-29'],
    ['2026-01-31', 1, '2026-02-28'],
    ['2026-11-30', -12, '2025-11-30'],
    ['2026-11-30', -36, '2023-11-30'],
    ['2025-08-31', 6, '2026-02-28'],
    ['2026-12-15', 1, '2027-01-15'],
    ['2026-01-15', -1, '2025-12-15'],
    ['2024-02-29', 12, '2025-02-28'],
  ])('§1 addMonths(%s, %i) = %s with month-end clamping', (d, n, expected) => {
    expect(addMonths(d, n)).toBe(expected);
  });

  it('§1 "within 12 months" excludes addMonths(D, −12) itself and includes D', () => {
    expect(withinMonths('2025-11-30', '2026-11-30', 12)).toBe(false);
    expect(withinMonths('2025-12-01', '2026-11-30', 12)).toBe(true);
    expect(withinMonths('2026-11-30', '2026-11-30', 12)).toBe(true);
    expect(withinMonths('2026-12-01', '2026-11-30', 12)).toBe(false);
  });

  it('§1 window edge at a month end: D = 2027-02-28 sees 2026-03-01 but not 2026-02-28', () => {
    expect(withinMonths('2026-02-28', '2027-02-28', 12)).toBe(false);
    expect(withinMonths('2026-03-01', '2027-02-28', 12)).toBe(true);
  });

  it('§1 "licensed at least N months before D" includes exactly N months', () => {
    expect(atLeastMonthsBefore('2024-11-30', '2026-11-30', 24)).toBe(true);
    expect(atLeastMonthsBefore('2024-12-01', '2026-11-30', 24)).toBe(false);
  });

  it('dates: validity, day arithmetic, Asia/Shanghai today', () => {
    expect(isValidIsoDate('2024-02-29')).toBe(true);
    expect(isValidIsoDate('2026-02-29')).toBe(false);
    expect(isValidIsoDate('2026-13-01')).toBe(false);
    expect(isValidIsoDate('2026/11/30')).toBe(false);
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addDays('2024-03-01', -1)).toBe('2024-02-29');
    expect(shanghaiToday(new Date('2026-11-29T16:00:00Z'))).toBe('2026-11-30');
    expect(shanghaiToday(new Date('2026-11-29T15:59:59Z'))).toBe('2026-11-29');
  });
});
