// plan.csv's columns and cells (grading-model.md §10), with no I/O and nothing but pure imports, so
// the console's download in the browser writes the very file the draw publishes.
import { regionName } from '@fenji/domain/regions';
import { toCsv } from '../shared/csv.ts';

/**
 * The fields of a planned inspection that plan.csv writes: the domain's PlannedInspection, and the
 * API's rows the console holds, both have them (declared here so the browser build stays small).
 */
export interface PlanCsvRow {
  period: string;
  region: string;
  riskGrade: string;
  keyInspection: boolean;
  uscc: string;
  name: string;
  kind: string;
  slot: number;
  inspector1: string | null;
  inspector2: string | null;
  status: string;
  reason: string | null;
}

export const PLAN_HEADER = [
  'period',
  'region',
  'regionName',
  'riskGrade',
  'keyInspection',
  'uscc',
  'name',
  'kind',
  'slot',
  'inspector1',
  'inspector2',
  'status',
  'reason',
] as const;

/** One planned inspection in the columns of PLAN_HEADER: the same cells in plan.csv and plan.xlsx. */
export function planRow(i: PlanCsvRow) {
  return [
    i.period,
    i.region,
    regionName(i.region),
    i.riskGrade,
    i.keyInspection,
    i.uscc,
    i.name,
    i.kind,
    i.slot,
    i.inspector1,
    i.inspector2,
    i.status,
    i.reason,
  ];
}

/** plan.csv of some rows: what the draw publishes, and what the console's download writes. */
export function planRowsCsv(rows: readonly PlanCsvRow[]): string {
  return toCsv(PLAN_HEADER, rows.map(planRow));
}
