// What leaves the API, shaped from what is stored: personal ID numbers only masked (their
// HMAC hashes stay inside: a hash of an 18-digit number with a leaked key is a dictionary
// attack away from the number), plan rows parsed back from the published CSV.
import {
  type Assessment,
  type Enterprise,
  type EnterpriseRecord,
  type PlannedInspection,
  recordDate,
  recordKey,
} from '@fenji/domain';

/** Drops `hash` from every `{masked, hash}` pair, at any depth. */
export function withoutIdHashes<T>(value: T): T {
  if (Array.isArray(value)) return value.map(withoutIdHashes) as T;
  if (value === null || typeof value !== 'object') return value;
  const entries = Object.entries(value as Record<string, unknown>);
  const isProtectedId = entries.some(([k]) => k === 'masked');
  return Object.fromEntries(
    entries.filter(([k]) => !(isProtectedId && k === 'hash')).map(([k, v]) => [k, withoutIdHashes(v)]),
  ) as T;
}

export function summary(a: Assessment) {
  return {
    uscc: a.uscc,
    name: a.name,
    region: a.region,
    sector: a.sector,
    category: a.category,
    asOf: a.asOf,
    rulesVersion: a.rulesVersion,
    riskScore: a.riskScore,
    baseGrade: a.baseGrade,
    riskGrade: a.riskGrade,
    creditClass: a.creditClass,
    keyInspection: a.keyInspection,
    inspectionsPerYear: a.inspectionsPerYear,
    inspectionOverdue: a.inspectionOverdue,
    seriousListing: a.seriousListing,
    listingCandidate: a.listingCandidate,
  };
}

/** The enterprise's records, newest first, each with the latest assessment's factor codes that count it. */
export function recordsView(profile: Enterprise, records: readonly EnterpriseRecord[], latest: Assessment | null) {
  const usedBy = new Map<string, string[]>();
  for (const f of latest?.factors ?? []) {
    for (const id of f.recordIds) usedBy.set(id, [...(usedBy.get(id) ?? []), f.code]);
  }
  const sorted = [...records].sort((a, b) => {
    const da = recordDate(a);
    const db = recordDate(b);
    const ka = recordKey(a);
    const kb = recordKey(b);
    return da !== db ? (da < db ? 1 : -1) : ka < kb ? -1 : ka > kb ? 1 : 0;
  });
  return {
    uscc: profile.uscc,
    enterprise: withoutIdHashes(profile),
    records: sorted.map((r) => withoutIdHashes({ ...r, factors: usedBy.get(recordKey(r)) ?? [] })),
  };
}

export { parsePlanCsv } from '../plan/draw-plan.ts';
export { parseCsv } from '../shared/csv.ts';

export function planCounts(rows: readonly PlannedInspection[]) {
  return {
    inspections: rows.length,
    mandatory: rows.filter((r) => r.kind === 'mandatory').length,
    random: rows.filter((r) => r.kind === 'random').length,
    unassigned: rows.filter((r) => r.status === 'unassigned').length,
  };
}
