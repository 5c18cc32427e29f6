// @fenji/report: report.html, one self-contained page with no network access.
export {
  type ChangeRow,
  type Changes,
  casesByKindAndState,
  changes,
  countByRegion,
  type InspectorLoad,
  inspectorLoad,
  normaliseField,
  normaliseMessage,
  openCases,
  overdueCases,
  type PlanRegionRow,
  planByRegion,
  type RegionGradeCounts,
  type RejectGroup,
  type ReportInspector,
  rejectGroups,
} from './aggregate.ts';
export { chartJsPath } from './assets.ts';
export { CAPS } from './caps.ts';
export { escapeHtml } from './html.ts';
export { IMPACT_CAPS, renderImpact } from './impact.ts';
export * from './impact-compute.ts';
export * from './impact-rules.ts';
export type * from './impact-types.ts';
export { type DisciplineEntry, type ReportInput, RUN_COUNTERS, type RunCounters } from './input.ts';
export { CASE_KIND_LABELS, CASE_STATE_LABELS, DEFAULT_REGION_NAMES, regionLabel } from './labels.ts';
export { renderReport } from './render.ts';
