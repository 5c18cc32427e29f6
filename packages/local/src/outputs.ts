// The output files of records.md §4, serialised in a fixed field order so the same inputs give
// byte-identical files (DynamoDB does not keep the key order of stored maps).
import type { Assessment, Case, CaseMetric } from '@fenji/domain';

export function assessmentLine(a: Assessment, asOf: string): string {
  const ordered = {
    uscc: a.uscc,
    name: a.name,
    region: a.region,
    sector: a.sector,
    category: a.category,
    asOf,
    rulesVersion: a.rulesVersion,
    staticScore: a.staticScore,
    dynamicScore: a.dynamicScore,
    creditScore: a.creditScore,
    riskScore: a.riskScore,
    baseGrade: a.baseGrade,
    riskGrade: a.riskGrade,
    adjustments: a.adjustments.map((x) => ({
      kind: x.kind,
      levels: x.levels,
      reasons: x.reasons,
      recordIds: x.recordIds,
    })),
    creditClass: a.creditClass,
    creditReasons: a.creditReasons,
    keyInspection: a.keyInspection,
    inspectionsPerYear: a.inspectionsPerYear,
    inspectionOverdue: a.inspectionOverdue,
    seriousListing: a.seriousListing
      ? {
          recordId: a.seriousListing.recordId,
          listedOn: a.seriousListing.listedOn,
          expiresOn: a.seriousListing.expiresOn,
        }
      : null,
    listingCandidate: a.listingCandidate ? { recordIds: a.listingCandidate.recordIds } : null,
    factors: a.factors.map((f) => ({ code: f.code, points: f.points, recordIds: f.recordIds })),
    warnings: a.warnings.map((w) => ({ code: w.code, message: w.message, recordIds: w.recordIds })),
    nextChangeOn: a.nextChangeOn,
  };
  return `${JSON.stringify(ordered)}\n`;
}

/** One line of cases.jsonl, in the field order of deadlines.md §3. */
export function caseLine(c: Case): string {
  const ordered: Case = {
    caseId: c.caseId,
    kind: c.kind,
    uscc: c.uscc,
    region: c.region,
    recordId: c.recordId,
    openedOn: c.openedOn,
    dueOn: c.dueOn,
    basis: c.basis,
    state: c.state,
    startedOn: c.startedOn,
    closedOn: c.closedOn,
    daysLate: c.daysLate,
    provisional: c.provisional,
    warnings: c.warnings,
  };
  return `${JSON.stringify(ordered)}\n`;
}

/** One line of case-metrics.jsonl, in the field order of deadlines.md §4. */
export function caseMetricLine(m: CaseMetric): string {
  const ordered: CaseMetric = {
    period: m.period,
    region: m.region,
    kind: m.kind,
    due: m.due,
    onTime: m.onTime,
    late: m.late,
    overdueOpen: m.overdueOpen,
    rate: m.rate,
  };
  return `${JSON.stringify(ordered)}\n`;
}

export function distribution<T extends string>(values: readonly T[], keys: readonly T[]): Record<T, number> {
  const out = Object.fromEntries(keys.map((k) => [k, 0])) as Record<T, number>;
  for (const v of values) out[v] = (out[v] ?? 0) + 1;
  return out;
}
