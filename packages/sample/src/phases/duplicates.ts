// Records sent twice with identical content, once as CSV and once as JSON Lines
// (records.md §3 duplicates): ingestion must keep one.
import { addMonths } from '@fenji/domain';
import { toDate, toDay } from '../calendar.ts';
import { byDateThenId, inspectionPath, PENALTY_CSV, penaltyPath, resendPath } from '../files.ts';
import { inspectionRow, penaltyRow } from '../rows.ts';
import type { GenerationContext } from './context.ts';

/** A few recent inspections, sent again this month. */
export function resendInspections(ctx: GenerationContext): void {
  const path = resendPath(ctx.asOfYear, ctx.month);
  const recent = ctx.inspections.filter((r) => r.inspectedOn >= addMonths(ctx.options.asOf, -6));
  const resend = ctx.rng.noise.shuffle([...recent]).slice(0, Math.max(2, Math.round(ctx.inspections.length * 0.003)));
  for (const r of resend.sort(byDateThenId((x) => x.inspectedOn))) {
    ctx.files.add(path, 'inspection', inspectionRow(r));
    ctx.duplicates.push({ type: 'inspection', key: r.recordId, paths: [inspectionPath(r.inspectedOn), path] });
    ctx.corrected.add(r.recordId);
  }
}

/**
 * The current year's penalty export starts a few weeks early and repeats last year's last
 * decisions (the last two, if none fell in those weeks), at the top of its file.
 */
export function repeatLastYearsPenalties(ctx: GenerationContext): void {
  const newYear = `${ctx.asOfYear}-01-01`;
  const overlapFrom = toDate(toDay(newYear) - 20);
  const lastYear = ctx.penalties.filter((p) => p.decidedOn < newYear);
  const overlap = lastYear.filter((p) => p.decidedOn >= overlapFrom && !p.reserved);
  const repeated = overlap.length > 0 ? overlap : lastYear.slice(-2);
  const to = penaltyPath(ctx.asOfYear, newYear);
  ctx.files.get(to, 'penalty', PENALTY_CSV).lines.unshift(...repeated.map((p) => ({ row: penaltyRow(p) })));
  for (const p of repeated) {
    ctx.duplicates.push({ type: 'penalty', key: p.recordId, paths: [penaltyPath(ctx.asOfYear, p.decidedOn), to] });
    ctx.corrected.add(p.recordId);
  }
}
