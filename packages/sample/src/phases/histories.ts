// What happened to each enterprise — its inspections, samplings and penalties, drawn
// together (history.ts) because a failed inspection or sample leads to a decision.
import { enterpriseHistory } from '../history.ts';
import type { GenerationContext } from './context.ts';

export function addHistories(ctx: GenerationContext): void {
  for (const e of ctx.ents) {
    const h = enterpriseHistory(ctx.rng.history, e, ctx.inspectors, ctx.cal, ctx.reg);
    ctx.inspections.push(...h.inspections);
    ctx.samplings.push(...h.samplings);
    ctx.penalties.push(...h.penalties);
    ctx.penaltiesOf.set(e.uscc, h.penalties);
  }
}
