// Dates and numbers. Days (YYYY-MM-DD) are Asia/Shanghai days already and are shown as they are;
// instants (ISO timestamps) are shown in Asia/Shanghai whatever the browser's zone.
import { locale } from './i18n.ts';

const ZONE = 'Asia/Shanghai';

export function instant(iso: string | null | undefined): string {
  if (!iso) return '—';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  const text = new Intl.DateTimeFormat(locale(), {
    timeZone: ZONE,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    hour12: false,
  }).format(d);
  return `${text} (UTC+8)`;
}

export function day(value: string | null | undefined): string {
  return value ?? '—';
}

/** Today in Asia/Shanghai, YYYY-MM-DD. */
export function shanghaiDay(ms: number): string {
  const parts = new Intl.DateTimeFormat('en-CA', { timeZone: ZONE, year: 'numeric', month: '2-digit', day: '2-digit' })
    .formatToParts(new Date(ms))
    .reduce<Record<string, string>>((acc, p) => {
      acc[p.type] = p.value;
      return acc;
    }, {});
  return `${parts.year}-${parts.month}-${parts.day}`;
}

/** A period of plans and case metrics: a year, a quarter (2026-Q4) or a month (2026-11). */
export const PERIOD = /^\d{4}(-Q[1-4]|-(0[1-9]|1[0-2]))?$/;

/** The quarter of a day: 2026-11-30 → 2026-Q4. */
export function quarterOf(isoDay: string): string {
  const month = Number(isoDay.slice(5, 7));
  return `${isoDay.slice(0, 4)}-Q${Math.floor((month - 1) / 3) + 1}`;
}

export function num(n: number | null | undefined): string {
  return n === null || n === undefined ? '—' : new Intl.NumberFormat(locale()).format(n);
}

export function percent(rate: number | null | undefined): string {
  return rate === null || rate === undefined
    ? '—'
    : new Intl.NumberFormat(locale(), { style: 'percent', minimumFractionDigits: 1, maximumFractionDigits: 1 }).format(
        rate,
      );
}
