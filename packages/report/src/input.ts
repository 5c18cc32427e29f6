// What renderReport is given: one run's results and plan, the list, the rejects, the run's counters
// and, from callers that compute them, the deadline cases.
import type { Assessment, Case, CaseMetric, DisciplineEntry, Plan, Reject } from '@fenji/domain';
import type { ReportInspector } from './aggregate.ts';

export type { DisciplineEntry };

export interface ReportInput {
  /** ISO timestamp. */
  generatedAt: string;
  asOf: string;
  period: string;
  rulesVersion: string;
  /** This run. */
  assessments: Assessment[];
  /** The latest assessments before this run; null on a first run. */
  previous: Assessment[] | null;
  plan: Plan;
  disciplineList: DisciplineEntry[];
  rejects: Reject[];
  summary: RunCounters & { secondsPerStage: Record<string, number> };
  /** e.g. {'330302': '鹿城区'}; DEFAULT_REGION_NAMES (Wenzhou) when absent. */
  regionNames?: Record<string, string>;
  /**
   * Optional: the inspectors the plan drew from. The plan itself names only the assigned ones and
   * not their maxPerPeriod, so without this the load chart shows assignments but no capacity.
   */
  inspectors?: ReportInspector[];
  /** The draw a redraw replaced (--redraw): its seed commitment stays on record beside the new one. */
  planPrevious?: { seedCommitment: string; asOf: string };
  /** Output files written beside report.html (plan.csv, plan.xlsx, …), which the sections link. */
  files?: string[];
  /**
   * Optional: every case of the run as of asOf (cases.jsonl, deadlines.md §3). Without it the
   * page has no deadlines section, as before cases existed.
   */
  cases?: Case[];
  /**
   * Optional: the timeliness metrics for `period` (case-metrics.jsonl, deadlines.md §4), shown as
   * given. With cases but without these, the section says none were passed.
   */
  caseMetrics?: CaseMetric[];
}

/** What a run counts, in the order the summary table, the report and the bench show it. */
export const RUN_COUNTERS = [
  'accepted',
  'duplicates',
  'stale',
  'conflicts',
  'rejected',
  'orphans',
  'enterprisesGraded',
] as const;
export type RunCounters = Record<(typeof RUN_COUNTERS)[number], number>;
