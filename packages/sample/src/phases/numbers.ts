// Record numbers, bad records included — their numbers are as real as the rest. Case
// systems number per series, county and year in date order. Sampling and decision series have
// gaps, as real ones do, so nothing downstream may take the numbers to be contiguous.
import type { IsoDate } from '@fenji/domain';
import type { County } from '../wenzhou.ts';
import type { GenerationContext } from './context.ts';

export function numberAllRecords(ctx: GenerationContext): void {
  const rng = ctx.rng.numbers;
  numberRecords(
    [...ctx.inspections, ...ctx.bad.inspections],
    (r) => r.inspectedOn,
    inspectionId,
    () => 1,
  );
  numberRecords(
    [...ctx.samplings, ...ctx.bad.samplings],
    (r) => r.sampledOn,
    samplingId,
    () => rng.int(1, 3),
  );
  // Nor does a year's decision series start at 1.
  numberRecords(
    [...ctx.penalties, ...ctx.bad.penalties],
    (r) => r.decidedOn,
    penaltyId,
    (k) => (k === 0 ? rng.int(1, 12) : rng.int(1, 4)),
  );
  // The credit system numbers every application it receives: no gaps.
  numberRecords(
    [...ctx.repairs, ...ctx.bad.repairs],
    (r) => r.appliedOn,
    repairId,
    () => 1,
  );
}

/** Numbers records per series, county and year in date order, as case systems do. */
function numberRecords<T extends { county: County; recordId: string }>(
  records: T[],
  date: (r: T) => IsoDate,
  id: (r: T, year: number, n: number) => string,
  gap: (n: number) => number,
): void {
  const groups = new Map<string, T[]>();
  for (const r of records) {
    // The id built for year 0 names the series: 简罚 and 罚 decisions are counted apart.
    const k = `${id(r, 0, 0)}|${r.county.code}|${date(r).slice(0, 4)}`;
    const g = groups.get(k);
    if (g) g.push(r);
    else groups.set(k, [r]);
  }
  for (const g of groups.values()) {
    g.sort((a, b) => (date(a) < date(b) ? -1 : date(a) > date(b) ? 1 : 0));
    let n = 0;
    for (const r of g) {
      n += gap(n);
      r.recordId = id(r, Number(date(r).slice(0, 4)), n);
    }
  }
}

const inspectionId = (r: { county: County }, year: number, n: number) =>
  `JC-${r.county.code}-${year}-${String(n).padStart(5, '0')}`;
const samplingId = (r: { county: County }, year: number, n: number) =>
  `CJ-${r.county.code}-${year}-${String(n).padStart(5, '0')}`;
const repairId = (r: { county: County }, year: number, n: number) =>
  `XF-${r.county.code}-${year}-${String(n).padStart(5, '0')}`;
/** 温鹿市监罚〔2025〕118号; decisions under the simple procedure have their own series (简罚). */
const penaltyId = (r: { county: County; procedure: string }, year: number, n: number) =>
  `${r.county.short}市监${r.procedure === 'simple' ? '简' : ''}罚〔${year}〕${n}号`;
