// Lambda: writes the joint-discipline list (grading-model.md §8) to the exports bucket. Invoked
// by EventBridge Scheduler with `{"kind": "daily"}` (optionally `asOf`) — listings and bars also
// end by the calendar alone (SDL-44 Art. 13 three years, FSL Art. 135 five years) — and by the
// grading bus on ListingStarted / ListingEnded / BannedPersonInCharge, so a change is published
// the same day. One export per invocation; an unchanged list writes nothing.
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import type { Clock, IsoDate } from '@fenji/domain';
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

/** An event of the grading bus; `detail.asOf` is the grading date of the run that emitted it. */
export type GradingEvent = EventBridgeEvent<TriggerDetailType, { asOf?: IsoDate } & Record<string, unknown>>;

export type DisciplineExportEvent = ScheduledExport | GradingEvent;

export interface DisciplineExportResult extends ExportResult {
  asOf: IsoDate;
  /** `schedule:<kind>` or the event's detail-type. */
  trigger: string;
}

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

export function makeDisciplineExportHandler(getDeps: () => ExportDeps) {
  return middy(async (event: DisciplineExportEvent): Promise<DisciplineExportResult> => {
    const deps = getDeps();
    const { asOf, trigger } = exportRequest(event, deps.clock);
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
  })
    .use(injectLambdaContext(logger))
    .use(logMetrics(metrics));
}
