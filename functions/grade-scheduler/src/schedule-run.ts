// Use case: start a grading run. A daily run grades what can have changed — enterprises with
// new records (dirty) and those whose stored next-change date has come (a window sliding past
// a record, a publicity period or a listing ending); a monthly or rule-set run grades every
// enterprise. The targets are split into shards on the grade queue and a run record is written
// first, so a run is visible from the moment it starts.
import { isValidIsoDate, shanghaiToday } from '@fenji/domain';
import type { GradeQueue, GradeShardMessage } from '@fenji/functions-shared';
import type { AssessmentStore, RunKind, RunStore } from '@fenji/store';

export interface ScheduleRequest {
  kind: RunKind;
  asOf?: string;
  runId?: string;
}

export interface ScheduleDeps {
  assessments: AssessmentStore;
  runs: RunStore;
  queue: GradeQueue;
  shards: number;
  shardSize: number;
  now?: () => Date;
}

export interface ScheduledRun {
  runId: string;
  kind: RunKind;
  asOf: string;
  enterprises: number;
  shards: number;
}

const KINDS: readonly RunKind[] = ['daily', 'monthly', 'rules', 'manual'];

export async function scheduleRun(request: ScheduleRequest, deps: ScheduleDeps): Promise<ScheduledRun> {
  const now = deps.now?.() ?? new Date();
  if (!KINDS.includes(request.kind))
    throw new RangeError(`run kind must be one of ${KINDS.join(', ')}; got ${String(request.kind)}`);
  const asOf = request.asOf ?? shanghaiToday(now);
  if (!isValidIsoDate(asOf)) throw new RangeError(`asOf must be a YYYY-MM-DD date; got ${asOf}`);
  // One run per kind and date unless a caller names another: a retried schedule (EventBridge
  // Scheduler retries on failure) continues the same run instead of starting a second one whose
  // events would carry other ids.
  const runId = request.runId ?? `${asOf}-${request.kind}`;

  const targets = new Set<string>();
  for (let shard = 0; shard < deps.shards; shard++) {
    for (const d of await deps.assessments.dirty(shard)) targets.add(d.uscc);
    const more =
      request.kind === 'daily'
        ? await deps.assessments.dueForChange(shard, asOf)
        : await deps.assessments.enterprises(shard);
    for (const u of more) targets.add(u);
  }
  const sorted = [...targets].sort();
  const messages: GradeShardMessage[] = [];
  for (let i = 0; i < sorted.length; i += deps.shardSize) {
    messages.push({
      runId,
      kind: request.kind,
      asOf,
      shard: messages.length,
      usccs: sorted.slice(i, i + deps.shardSize),
    });
  }
  await deps.runs.start({
    runId,
    kind: request.kind,
    asOf,
    startedAt: now.toISOString(),
    enterprises: sorted.length,
    shards: messages.length,
  });
  await deps.queue.send(messages);
  return { runId, kind: request.kind, asOf, enterprises: sorted.length, shards: messages.length };
}
