// The first phases of `generate`: the enterprises, then the inspectors who work in their counties.
import { CATEGORIES, type Category } from '@fenji/domain';
import { toDate, toDay } from '../calendar.ts';
import { allocate, licenceDate, makeEnterprise, makeInspectors } from '../entities.ts';
import { CATEGORY_PROFILES, COUNTIES, type County } from '../wenzhou.ts';
import type { GenerationContext } from './context.ts';

/**
 * Exact shares of counties and categories, then shuffled together: drawing them one by one would
 * let a small sample miss a county, or a rare category once there is room for four of each.
 */
export function addEnterprises(ctx: GenerationContext): void {
  const rng = ctx.rng.enterprises;
  const n = ctx.options.enterprises;
  const counties = rng.shuffle(
    allocate(
      COUNTIES.map((c) => [c, c.weight] as const),
      n,
      1,
    ),
  );
  const categories = rng.shuffle(
    allocate(
      CATEGORIES.map((c) => [c, CATEGORY_PROFILES[c].weight] as const),
      n,
      n >= 4 * CATEGORIES.length ? 1 : 0,
    ),
  );
  for (let i = 0; i < n; i++) {
    const licensedOn = licenceDate(rng, ctx.cal.asOfDay, toDate, toDay);
    ctx.ents.push(makeEnterprise(rng, counties[i] as County, categories[i] as Category, licensedOn, ctx.reg));
  }
}

/** After the enterprises: an inspector may be related to a shop on their beat (recusal). */
export function addInspectors(ctx: GenerationContext): void {
  ctx.inspectors.push(...makeInspectors(ctx.rng.inspectors, ctx.ents, ctx.cal.asOfDay, toDate));
}
