// The statutory steps of every record the histories and scenarios made (steps.ts): results
// served and re-tested, failed supervisory samples disposed of, ordinary decisions published,
// credit repairs applied for. The cases every sample has come next (step-scenarios.ts).
import { addMonths, ruleSetFor } from '@fenji/domain';
import { toDate, toDay, workingDayOnOrBefore } from '../calendar.ts';
import type { Ent } from '../entities.ts';
import { HEAVY, type PenaltyRec } from '../history.ts';
import {
  type Deadlines,
  disposal,
  grantedRepair,
  publish,
  repairApplication,
  repairPace,
  requestRetest,
  serveResult,
} from '../steps.ts';
import type { GenerationContext } from './context.ts';

export function addSteps(ctx: GenerationContext): void {
  const rng = ctx.rng.steps;
  const { asOf } = ctx.options;
  const limits = ruleSetFor(asOf).deadlines;
  const entOf = new Map(ctx.ents.map((e) => [e.uscc, e]));
  for (const s of ctx.samplings) {
    serveResult(rng, s, asOf);
    requestRetest(rng, s, limits, asOf);
    if (s.result === 'fail' && s.kind === 'supervisory') {
      const d = disposal(rng, s, entOf.get(s.uscc) as Ent, limits, asOf);
      if (d) ctx.disposals.push(d);
    }
  }
  for (const p of ctx.penalties) publish(rng, p, limits, asOf);
  applyForRepairs(ctx, limits);
}

/**
 * Most repairs a decision records (repairedOn) have their granted application on file; a few
 * other ordinary decisions have one that was refused or is not decided yet. A decision with an
 * application on file is never revoked by the corrections.
 */
function applyForRepairs(ctx: GenerationContext, limits: Deadlines): void {
  const rng = ctx.rng.steps;
  const { asOf } = ctx.options;
  const lastDay = toDay(asOf);
  for (const p of ctx.penalties) {
    if (p.procedure !== 'ordinary' || p.reserved) continue;
    let r: ReturnType<typeof grantedRepair>;
    if (p.repairedOn !== undefined) {
      if (rng.chance(0.85)) r = grantedRepair(rng, p, limits, addMonths(p.decidedOn, 12));
    } else if (rng.chance(0.03)) {
      // Refused: a decision that cannot be repaired (listed, heavy measures) or not yet (REPAIR-2021).
      const from = toDay(p.decidedOn) + 120;
      const to = Math.min(toDay(p.decidedOn) + 800, lastDay);
      if (from <= to) {
        const appliedOn = workingDayOnOrBefore(toDate(rng.int(from, to)));
        r = repairApplication(p, appliedOn, asOf, { ...repairPace(rng, limits), decision: 'refused' });
      }
    }
    if (r) {
      ctx.repairs.push(r);
      p.reserved = true;
    }
  }
}

/** An ordinary decision that can be repaired once the wait is over (REPAIR-2021). */
export function repairable(p: PenaltyRec): boolean {
  return (
    p.procedure === 'ordinary' &&
    !p.reserved &&
    !p.seriousListing &&
    p.repairedOn === undefined &&
    !p.measures.some((m) => HEAVY.includes(m))
  );
}
