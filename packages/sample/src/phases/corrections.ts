// Version-2 records in a later file (this month's corrections), each replacing a
// version 1 written earlier. A record gets at most one change: `ctx.corrected` holds the keys
// already re-sent or corrected, and the shares are drawn in this order from one stream.
import { addMonths, type RecordType } from '@fenji/domain';
import { makePerson } from '../entities.ts';
import { correctionsPath } from '../files.ts';
import type { Row } from '../format.ts';
import { HEAVY, laterDate } from '../history.ts';
import { disposalRow, enterpriseRow, inspectionRow, penaltyRow, samplingRow } from '../rows.ts';
import { type GenerationContext, scenariosOf } from './context.ts';

export function addCorrections(ctx: GenerationContext): void {
  regradeInspections(ctx);
  revokePenalties(ctx);
  repairCredit(ctx);
  delistScenario(ctx);
  delistPenalties(ctx);
  concludeRetests(ctx);
  completeDisposals(ctx);
  changeEnterprises(ctx);
}

function correct(ctx: GenerationContext, type: RecordType, key: string, row: Row, change: string): void {
  const path = correctionsPath(type, ctx.month);
  ctx.files.add(path, type, { ...row, version: 2 });
  ctx.corrections.push({ type, key, path, change });
  ctx.corrected.add(key);
}

/** About `share` of the items and at least `min` (as many as there are, if fewer). */
function sample<T>(ctx: GenerationContext, items: readonly T[], share: number, min: number): T[] {
  const count = Math.min(items.length, Math.max(min, Math.round(items.length * share)));
  return ctx.rng.corrections.shuffle([...items]).slice(0, count);
}

/** A result entered one step off, set right: never an obstruction, which a decision followed. */
function regradeInspections(ctx: GenerationContext): void {
  const open = ctx.inspections.filter((x) => x.result !== 'obstructed' && !ctx.corrected.has(x.recordId));
  for (const r of sample(ctx, open, 0.006, 3)) {
    const row = inspectionRow(r);
    if (r.result === 'non_compliant') {
      Object.assign(row, {
        result: 'basically_compliant',
        keyItemsFailed: 0,
        generalItemsFailed: Math.max(1, r.generalItemsFailed),
      });
    } else if (r.result === 'basically_compliant' && r.generalItemsFailed > 1) {
      row.generalItemsFailed = r.generalItemsFailed - 1;
    } else if (r.result === 'basically_compliant') {
      Object.assign(row, { result: 'compliant', generalItemsFailed: 0 });
    } else {
      Object.assign(row, { result: 'basically_compliant', generalItemsFailed: 1 });
    }
    const change = `result ${r.result} → ${row.result as string} (${row.keyItemsFailed}/${row.generalItemsFailed} items)`;
    correct(ctx, 'inspection', r.recordId, row, change);
  }
}

function revokePenalties(ctx: GenerationContext): void {
  const open = ctx.penalties.filter((p) => !p.reserved && !ctx.corrected.has(p.recordId));
  for (const p of sample(ctx, open, 0.012, 1)) {
    const row = { ...penaltyRow(p), status: 'revoked' };
    correct(ctx, 'penalty', p.recordId, row, 'revoked on administrative reconsideration');
  }
}

/** Credit repair (REPAIR-2021): ordinary, unlisted decisions without heavy measures, a year on. */
function repairCredit(ctx: GenerationContext): void {
  const repairable = ctx.penalties.filter(
    (p) =>
      !p.reserved &&
      !ctx.corrected.has(p.recordId) &&
      p.procedure === 'ordinary' &&
      !p.seriousListing &&
      p.repairedOn === undefined &&
      !p.measures.some((m) => HEAVY.includes(m)) &&
      addMonths(p.decidedOn, 12) <= ctx.options.asOf,
  );
  for (const p of sample(ctx, repairable, 0.08, 1)) {
    const repairedOn = laterDate(ctx.rng.corrections, ctx.cal, addMonths(p.decidedOn, 12), 365);
    correct(ctx, 'penalty', p.recordId, { ...penaltyRow(p), repairedOn }, `credit repaired on ${repairedOn}`);
  }
}

/** The delisting scenario's removal, drawn with the scenarios. */
function delistScenario(ctx: GenerationContext): void {
  const { delisted, delistedOn } = scenariosOf(ctx);
  const row = { ...penaltyRow(delisted), delistedOn };
  correct(ctx, 'penalty', delisted.recordId, row, `removed from the list on ${delistedOn}`);
}

/** Early removal from the serious list (SDL-44 Art. 16), a year or more after the decision. */
function delistPenalties(ctx: GenerationContext): void {
  const delistable = ctx.penalties.filter(
    (p) =>
      p.seriousListing &&
      !p.reserved &&
      !ctx.corrected.has(p.recordId) &&
      p.delistedOn === undefined &&
      addMonths(p.decidedOn, 12) <= ctx.options.asOf,
  );
  for (const p of sample(ctx, delistable, 0.2, 0)) {
    const on = laterDate(ctx.rng.corrections, ctx.cal, addMonths(p.decidedOn, 12), 540);
    correct(ctx, 'penalty', p.recordId, { ...penaltyRow(p), delistedOn: on }, `removed from the list on ${on}`);
  }
}

/** A re-test's conclusion (复检结论) sent after the request (the steps phases chose which). */
function concludeRetests(ctx: GenerationContext): void {
  for (const s of ctx.samplings.filter((x) => x.recheckReportedLater)) {
    const change = `re-test concluded ${s.recheckResult} on ${s.recheckConcludedOn}`;
    correct(ctx, 'sampling', s.recordId, samplingRow(s), change);
  }
}

/** A disposal's completion (处置完成) sent after its start (the steps phases chose which). */
function completeDisposals(ctx: GenerationContext): void {
  for (const d of ctx.disposals.filter((x) => x.completionReportedLater)) {
    correct(ctx, 'disposal', d.sampling.recordId, disposalRow(d), `disposal completed on ${d.completedOn}`);
  }
}

/**
 * A new legal representative, a new name, a deregistration — each to a different enterprise,
 * never one in a scenario or one whose decisions name people: who answers for what must stay
 * as the decisions say.
 */
function changeEnterprises(ctx: GenerationContext): void {
  const rng = ctx.rng.corrections;
  const free = ctx.ents.filter(
    (e) => !e.reserved && (ctx.penaltiesOf.get(e.uscc) ?? []).every((p) => p.persons.length === 0),
  );
  const [reps, renames, closed] = [0.01, 0.005, 0.005].map((share) => {
    const picked = sample(
      ctx,
      free.filter((e) => !ctx.corrected.has(e.uscc)),
      share,
      1,
    );
    for (const e of picked) ctx.corrected.add(e.uscc);
    return picked;
  });
  for (const e of reps ?? []) {
    const rep = makePerson(rng, e.county, ctx.options.asOf, ctx.reg); // adult today
    const row = { ...enterpriseRow(e), legalRepName: rep.name, legalRepId: rep.idNumber };
    correct(ctx, 'enterprise', e.uscc, row, 'new legal representative');
  }
  for (const e of renames ?? []) {
    const name = `${e.name.replace(/[（(].*$/, '')}（${rng.pick(e.county.towns)}店）`;
    correct(ctx, 'enterprise', e.uscc, { ...enterpriseRow(e), name }, `renamed ${name}`);
  }
  for (const e of closed ?? []) {
    correct(ctx, 'enterprise', e.uscc, { ...enterpriseRow(e), status: 'revoked' }, 'deregistered (注销)');
  }
}
