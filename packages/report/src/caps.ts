/** Row caps: enough to act on, small enough that 100k enterprises stay a light page. */
export const CAPS = {
  changes: 200,
  listings: 200,
  candidates: 200,
  unassigned: 200,
  strata: 500,
  inspectors: 120,
  overdueCases: 200,
  openCases: 200,
  rejectGroups: 50,
  rejectChartBars: 12,
  rejectExamples: 3,
} as const;
