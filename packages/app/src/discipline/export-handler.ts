// Lambda: writes the joint-discipline list (grading-model.md §8) to the exports bucket.
//
// Invoked by EventBridge Scheduler:
// - `{"kind": "runs"}` every 10 minutes: one export for the grading runs that finished since the
//   last one (listings and bars change in grading runs), then each run is marked exported. This
//   replaces the bus rule that ran one export per ListingStarted / ListingEnded /
//   BannedPersonInCharge event: every export reads the whole list's sources, so a run that
//   starts or ends N listings cost N full exports, one after another (reserved concurrency 1) —
//   at a country's scale hundreds of thousands in a first run and ~1,000 a day after, each
//   minutes long (infra/README.md "At national scale"). Now it is one per run, within 10
//   minutes of the run's last shard.
// - `{"kind": "daily"}` (optionally `asOf`) at 06:00: listings and bars also end by the calendar
//   alone (SDL-44 Art. 13 three years, FSL Art. 135 five years).
// A grading-bus event is still accepted (a replay from the archive, or a rule added by hand) and
// exports as of its date. An unchanged list writes nothing.
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import type { Clock, IsoDate } from '@fenji/domain';
import { RunStore } from '@fenji/store';
import middy from '@middy/core';
import type { EventBridgeEvent } from 'aws-lambda';
import { logger, metrics } from '../shared/index.ts';
import { type ExportDeps, type ExportResult, exportDisciplineList } from './export-list.ts';

export const TRIGGER_DETAIL_TYPES = ['ListingStarted', 'ListingEnded', 'BannedPersonInCharge'] as const;
export type TriggerDetailType = (typeof TRIGGER_DETAIL_TYPES)[number];

/** EventBridge Scheduler payload (same shape as events/schedule/*.json). */
export interface ScheduledExport {
  kind: string;
  asOf?: IsoDate;
}

/** The schedule's kind for "export once for each grading run that has finished". */
export const RUNS_KIND = 'runs';

/** An event of the grading bus; `detail.asOf` is the grading date of the run that emitted it. */
export type GradingEvent = EventBridgeEvent<TriggerDetailType, { asOf?: IsoDate } & Record<string, unknown>>;

export type DisciplineExportEvent = ScheduledExport | GradingEvent;

export interface DisciplineExportResult extends ExportResult {
  asOf: IsoDate;
  /** `schedule:<kind>` or the event's detail-type. */
  trigger: string;
}

/** What a `{"kind": "runs"}` invocation did: the runs it exported for, and the export of each date among them. */
export interface RunsExportResult {
  trigger: `schedule:${typeof RUNS_KIND}`;
  runs: string[];
  exports: DisciplineExportResult[];
}

/**
 * Among the newest runs of the present (re-grades of a past date are not counted: they change no
 * listing), how many are looked at for a missing export (runs follow one another).
 */
const RUNS_LOOKED_AT = 5;

/** What to export: asOf from the payload, else the event's detail, else today in Asia/Shanghai (grading-model.md §1). */
export function exportRequest(event: DisciplineExportEvent, clock: Clock): { asOf: IsoDate; trigger: string } {
  if (event !== null && typeof event === 'object' && 'detail-type' in event) {
    const type = event['detail-type'];
    if (!TRIGGER_DETAIL_TYPES.includes(type)) {
      // A misrouted rule must be seen, not half-handled.
      throw new Error(`discipline-export: unexpected EventBridge detail-type ${JSON.stringify(type)}`);
    }
    return { asOf: event.detail?.asOf ?? clock.today(), trigger: type };
  }
  if (event === null || typeof event !== 'object' || typeof event.kind !== 'string') {
    throw new Error('discipline-export: expected a schedule payload {"kind": ...} or a grading-bus event');
  }
  return { asOf: event.asOf ?? clock.today(), trigger: `schedule:${event.kind}` };
}

const isRunsPoll = (event: DisciplineExportEvent): boolean =>
  event !== null && typeof event === 'object' && !('detail-type' in event) && event.kind === RUNS_KIND;

async function exportAndReport(asOf: IsoDate, trigger: string, deps: ExportDeps): Promise<DisciplineExportResult> {
  const result = await exportDisciplineList({ asOf }, deps);
  logger.info(result.changed ? 'discipline list exported' : 'discipline list unchanged', {
    asOf,
    trigger,
    changed: result.changed,
    ...result.counts,
    keysWritten: result.keys.length,
  });
  metrics.addMetric('disciplineEntries', MetricUnit.Count, result.counts.listings + result.counts.personBars);
  // Listings and bars waiting for a profile are invisible on the list: worth an alarm when it stays > 0.
  metrics.addMetric('disciplinePendingProfiles', MetricUnit.Count, result.counts.pendingProfiles);
  return { ...result, asOf, trigger };
}

/**
 * One export per date among the runs that finished and were not exported for yet (normally one
 * run, of today), then the runs are marked. A crash before the marks exports again next time,
 * which writes nothing if the list is the same.
 */
export async function exportForFinishedRuns(deps: ExportDeps): Promise<RunsExportResult> {
  const runs = deps.runs ?? new RunStore({ doc: deps.records.doc, table: deps.records.table });
  const finished = await runs.awaitingDisciplineExport(RUNS_LOOKED_AT);
  const trigger = `schedule:${RUNS_KIND}` as const;
  const exports: DisciplineExportResult[] = [];
  for (const asOf of [...new Set(finished.map((r) => r.asOf))].sort()) {
    exports.push(await exportAndReport(asOf, trigger, deps));
  }
  const at = deps.clock.now().toISOString();
  for (const run of finished) await runs.markDisciplineExported(run.runId, at);
  if (finished.length === 0) logger.debug('no finished run awaits the discipline export');
  metrics.addMetric('disciplineRunsExported', MetricUnit.Count, finished.length);
  return { trigger, runs: finished.map((r) => r.runId), exports };
}

export function makeDisciplineExportHandler(getDeps: () => ExportDeps) {
  return middy(async (event: DisciplineExportEvent): Promise<DisciplineExportResult | RunsExportResult> => {
    const deps = getDeps();
    if (isRunsPoll(event)) return exportForFinishedRuns(deps);
    const { asOf, trigger } = exportRequest(event, deps.clock);
    return exportAndReport(asOf, trigger, deps);
  })
    .use(injectLambdaContext(logger))
    .use(logMetrics(metrics));
}
