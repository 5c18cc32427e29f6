// The serious illegal-dishonest list and person bars (grading-model.md §8, SDL-44, FSL Art. 135).
import { addMonths } from './dates.ts';
import type { RuleSet } from './rules/index.ts';
import type { DisciplineEntry, Enterprise, IsoDate, Penalty, PersonRole, SeriousListingRef, Warning } from './types.ts';

export function isHeavy(p: Penalty, rules: RuleSet): boolean {
  return p.measures.some((m) => rules.heavyMeasures.measures.includes(m));
}

export interface ListingState {
  /** The active listing shown on the assessment: the one decided last (ties: greatest recordId). */
  shown: SeriousListingRef | null;
  /** Every active listing, for the joint-discipline list. */
  active: SeriousListingRef[];
  warnings: Warning[];
}

/**
 * SDL-44 Art. 13: a listing is decided with the penalty; it lasts `termMonths` unless removed
 * early. Art. 16: an early removal is void when the enterprise was penalised again (aggravated
 * or heavy) between the listing and the removal — the listing then stays and a warning says why.
 * `penalties` must already be the active ones dated on or before asOf.
 */
export function seriousListings(penalties: readonly Penalty[], asOf: IsoDate, rules: RuleSet): ListingState {
  const active: SeriousListingRef[] = [];
  const warnings: Warning[] = [];
  for (const p of penalties) {
    if (!p.seriousListing) continue;
    const expiresOn = addMonths(p.decidedOn, rules.listing.termMonths);
    if (!(p.decidedOn <= asOf && asOf < expiresOn)) continue;
    if (p.delistedOn !== undefined && p.delistedOn <= asOf) {
      const delistedOn = p.delistedOn;
      const blockers = penalties.filter(
        (q) =>
          q.recordId !== p.recordId &&
          (q.aggravated || isHeavy(q, rules)) &&
          q.decidedOn > p.decidedOn &&
          q.decidedOn <= delistedOn,
      );
      if (blockers.length === 0) continue;
      warnings.push({
        code: 'delisting_invalid',
        message: `移出严重违法失信名单无效：列入后又受到从重或重大处罚 (SDL-44 Art. 16) / early removal of ${p.recordId} ignored: a further aggravated or heavy penalty was decided before the removal`,
        recordIds: [p.recordId, ...blockers.map((b) => b.recordId).sort()],
      });
    }
    active.push({ recordId: p.recordId, listedOn: p.decidedOn, expiresOn });
  }
  active.sort((a, b) => (a.listedOn === b.listedOn ? cmp(a.recordId, b.recordId) : cmp(a.listedOn, b.listedOn)));
  return { shown: active.at(-1) ?? null, active, warnings };
}

export interface PersonBar {
  idHash: string;
  masked: string;
  name: string;
  role: PersonRole;
  uscc: string;
  recordId: string;
  decidedOn: IsoDate;
  expiresOn: IsoDate;
}

/**
 * FSL Art. 135: the people named on a penalty that revoked a licence may not work in food
 * production or trade for five years from the decision. `penalties` may span enterprises.
 */
export function personBars(penalties: readonly Penalty[], asOf: IsoDate, rules: RuleSet): PersonBar[] {
  const bars: PersonBar[] = [];
  for (const p of penalties) {
    if (p.status !== 'active' || !p.measures.includes('license_revoked')) continue;
    const expiresOn = addMonths(p.decidedOn, rules.listing.personBarMonths);
    if (!(p.decidedOn <= asOf && asOf < expiresOn)) continue;
    for (const person of p.persons) {
      bars.push({
        idHash: person.id.hash,
        masked: person.id.masked,
        name: person.name,
        role: person.role,
        uscc: p.uscc,
        recordId: p.recordId,
        decidedOn: p.decidedOn,
        expiresOn,
      });
    }
  }
  return bars.sort((a, b) => cmp(a.recordId, b.recordId) || cmp(a.idHash, b.idHash));
}

/**
 * One enterprise's lines of the joint-discipline list (grading-model.md §8): every active
 * listing with the SDL-44 Art. 15 measures, and every active person bar from its licence
 * revocations (FSL Art. 135). `penalties` are the enterprise's stored penalties, any status.
 */
export function disciplineEntries(
  enterprise: Pick<Enterprise, 'uscc' | 'name' | 'region'>,
  penalties: readonly Penalty[],
  asOf: IsoDate,
  rules: RuleSet,
): DisciplineEntry[] {
  const seen = penalties.filter((p) => p.status === 'active' && p.uscc === enterprise.uscc && p.decidedOn <= asOf);
  const byId = new Map(seen.map((p) => [p.recordId, p]));
  const masked = (p: Penalty) => p.persons.map((x) => ({ name: x.name, role: x.role, idMasked: x.id.masked }));
  const listings = seriousListings(seen, asOf, rules).active.map((l): DisciplineEntry => {
    const p = byId.get(l.recordId) as Penalty;
    return {
      kind: 'listing',
      uscc: enterprise.uscc,
      name: enterprise.name,
      region: enterprise.region,
      recordId: l.recordId,
      violation: p.violation,
      listedOn: l.listedOn,
      expiresOn: l.expiresOn,
      persons: masked(p),
      measures: rules.listing.disciplineMeasures,
    };
  });
  const bars = personBars(seen, asOf, rules).map(
    (b): DisciplineEntry => ({
      kind: 'person_bar',
      uscc: enterprise.uscc,
      name: enterprise.name,
      region: enterprise.region,
      recordId: b.recordId,
      violation: byId.get(b.recordId)?.violation ?? null,
      listedOn: b.decidedOn,
      expiresOn: b.expiresOn,
      persons: [{ name: b.name, role: b.role, idMasked: b.masked }],
      measures: rules.listing.personBarMeasures,
    }),
  );
  return [...listings, ...bars];
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
