// What renderReport is given: one run's results and plan, the list, the rejects and the run's counters.
import type { Assessment, DisciplineEntry, Plan, Reject } from '@fenji/domain';
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
