// The situations every sample has, whatever its size and seed (Manifest['scenarios']):
// a serious listing in force, one removed early, and a barred person heading another enterprise.
import { addMonths, type Sector, type Violation } from '@fenji/domain';
import { toDate, toDay } from '../calendar.ts';
import { type Ent, workday } from '../entities.ts';
import { type HEAVY, laterDate, ordinaryPenalty, type PenaltyRec } from '../history.ts';
import type { GenerationContext, Scenarios } from './context.ts';

const SCENARIO_VIOLATION: Record<Sector, Violation> = {
  food_production: 'illegal_additive',
  food_sales: 'expired_material',
  catering: 'non_food_material',
  drug_manufacturing: 'substandard_drug',
  drug_distribution: 'counterfeit_drug',
  drug_retail: 'counterfeit_drug',
  medical_device: 'unregistered_device',
  cosmetics: 'cosmetics_harmful_additive',
};

export function addScenarios(ctx: GenerationContext): void {
  const rng = ctx.rng.scenarios;
  // Long-licensed companies with a representative and a clean file, so that the scenario
  // penalty is the only thing their grade shows.
  const candidates = ctx.ents.filter(
    (e) =>
      e.form !== 'institution' &&
      e.rep !== undefined &&
      e.licensedOn <= toDate(ctx.cal.asOfDay - 800) &&
      (ctx.penaltiesOf.get(e.uscc) ?? []).length === 0,
  );
  // A listing in force on asOf (SDL-44: three years, not removed).
  const listed = scenarioPenalty(ctx, takeCandidate(ctx, candidates), [45, 600]);
  // A listing removed early, one year or more after the decision (SDL-44 Art. 16): the removal
  // arrives as a version-2 correction.
  const delisted = scenarioPenalty(ctx, takeCandidate(ctx, candidates), [420, 1000]);
  const delistedOn = laterDate(rng, ctx.cal, addMonths(delisted.decidedOn, 12), 540);
  // A licence revoked (FSL Art. 135): one of the people it names now heads another enterprise;
  // so do some of those named by the revocations the histories already hold.
  const revoked = scenarioPenalty(ctx, takeCandidate(ctx, candidates), [120, 1400], 'license_revoked');
  const barred: Scenarios['barred'] = [];
  const first = putInCharge(ctx, revoked);
  if (first) barred.push(first);
  for (const p of ctx.penalties) {
    if (p !== revoked && p.measures.includes('license_revoked') && p.persons.length > 0 && rng.chance(0.3)) {
      p.reserved = true;
      const more = putInCharge(ctx, p);
      if (more) barred.push(more);
    }
  }
  ctx.scenarios = { listed, delisted, delistedOn, barred };
}

/** A candidate not yet taken; with none left, any enterprise not in a scenario. */
function takeCandidate(ctx: GenerationContext, candidates: readonly Ent[]): Ent {
  const rng = ctx.rng.scenarios;
  const pool = candidates.filter((e) => !e.reserved);
  const e = pool.length > 0 ? rng.pick(pool) : rng.pick(ctx.ents.filter((x) => !x.reserved));
  e.reserved = true;
  return e;
}

/** An aggravated, intentional serious violation some days back; without `heavy` it lists the enterprise. */
function scenarioPenalty(
  ctx: GenerationContext,
  e: Ent,
  daysBack: [number, number],
  heavy?: (typeof HEAVY)[number],
): PenaltyRec {
  const { cal } = ctx;
  const rng = ctx.rng.scenarios;
  const earliest = Math.max(toDay(e.licensedOn) + 60, toDay(cal.penaltyStart));
  const day = Math.max(earliest, cal.asOfDay - rng.int(daysBack[0], daysBack[1]));
  const decided = workday(rng, Math.min(day, cal.asOfDay), earliest, cal.asOfDay);
  const p = ordinaryPenalty(rng, e, toDate(decided), cal, ctx.reg, {
    violation: SCENARIO_VIOLATION[e.sector],
    aggravated: true,
    intentional: true,
    listed: heavy === undefined,
    heavy,
  });
  p.reserved = true;
  ctx.penalties.push(p);
  ctx.penaltiesOf.get(e.uscc)?.push(p);
  return p;
}

/**
 * Makes one of the people a revocation names the representative of another clean enterprise,
 * licensed after the decision where one can be: the person bar must catch it.
 */
function putInCharge(ctx: GenerationContext, p: PenaltyRec): Scenarios['barred'][number] | undefined {
  const rng = ctx.rng.scenarios;
  const person = rng.pick(p.persons);
  const pool = ctx.ents.filter(
    (e) =>
      !e.reserved && e.uscc !== p.uscc && e.form !== 'institution' && (ctx.penaltiesOf.get(e.uscc) ?? []).length === 0,
  );
  if (pool.length === 0) return undefined;
  const newer = pool.filter((e) => e.licensedOn > p.decidedOn);
  const e = rng.pick(newer.length > 0 ? newer : pool);
  e.rep = { name: person.name, idNumber: person.idNumber };
  e.reserved = true;
  return { penalty: p, revokedUscc: p.uscc, inChargeUscc: e.uscc };
}
