// Use case: start a grading run. A daily run grades what can have changed — enterprises with
// new records (dirty) and those whose stored next-change date has come (a window sliding past
// a record, a publicity period or a listing ending); a monthly or rule-set run grades every
// enterprise. The targets are split into shards on the grade queue and a run record is written
// first, so a run is visible from the moment it starts.
//
// A run dated before today (Asia/Shanghai) is a re-grade of the past, asked for by hand
// (`"regrade": true`) to see what the grades were on that date: it grades every enterprise and
// writes history rows only, so the latest assessments, the change events and the dirty marks
// stay those of the present (the worker applies the same rule to any shard it receives after
// its day). Without the flag a past date is refused, as is a date after today: no record of
// that day exists yet, and its results would stand as the latest.
//
// At a country's scale (tens of millions of enterprises, infra/README.md "At national scale"):
// key shards are read `readConcurrency` at a time, each returning one short attribute per
// enterprise; targets are de-duplicated and sorted per key shard, then the shards are merged
// (k-way, dropping an enterprise met in more than one), so no Set of the whole population is
// built (V8's Set stops at 2^24 entries, ~16.7 million) and no sort of it either. With one
// GRADE_SHARDS for the table's life an enterprise's dirty mark, next-change date and profile
// share one key shard; the merge still grades an enterprise once if some did not (data keyed
// under another count before the table recorded its own).
//
// The table records its GRADE_SHARDS on the first run (ensureGradeShards); a scheduler
// configured with another count refuses to start, naming both.
import { type Clock, isValidIsoDate } from '@fenji/domain';
import {
  type AssessmentStore,
  ensureGradeShards,
  ensurePersonBarIndex,
  forEachLimited,
  type RunKind,
  type RunStore,
} from '@fenji/store';
import type { GradeQueue, GradeShardMessage } from '../shared/index.ts';

export interface ScheduleRequest {
  kind: RunKind;
  asOf?: string;
  runId?: string;
  /** Required, and only allowed, for an asOf before today: history rows only. */
  regrade?: boolean;
}

export interface ScheduleDeps {
  assessments: AssessmentStore;
  runs: RunStore;
  queue: GradeQueue;
  shards: number;
  shardSize: number;
  /** Today decides present, re-grade or refusal; the local command's clock has its --as-of as today. */
  clock: Clock;
  /** Key shards read at once (default 16). */
  readConcurrency?: number;
}

export interface ScheduledRun {
  runId: string;
  kind: RunKind;
  asOf: string;
  enterprises: number;
  shards: number;
  regrade: boolean;
}

const KINDS: readonly RunKind[] = ['daily', 'monthly', 'rules', 'manual'];

export async function scheduleRun(request: ScheduleRequest, deps: ScheduleDeps): Promise<ScheduledRun> {
  const now = deps.clock.now();
  if (!KINDS.includes(request.kind))
    throw new RangeError(`run kind must be one of ${KINDS.join(', ')}; got ${String(request.kind)}`);
  const today = deps.clock.today();
  const asOf = request.asOf ?? today;
  if (!isValidIsoDate(asOf)) throw new RangeError(`asOf must be a YYYY-MM-DD date; got ${asOf}`);
  if (asOf > today) throw new RangeError(`asOf ${asOf} is after today (${today}, Asia/Shanghai)`);
  const regrade = asOf < today;
  if (regrade !== (request.regrade === true))
    throw new RangeError(
      regrade
        ? `asOf ${asOf} is before today (${today}, Asia/Shanghai): pass "regrade": true to re-grade that date (history rows only)`
        : `"regrade" is for a date before today; asOf ${asOf} is today`,
    );
  if (regrade && request.runId !== undefined)
    throw new RangeError('a re-grade names its own run ({asOf}-{kind}-regrade-{today}); leave runId out');
  // One run per kind and date unless a caller names another: a retried schedule (EventBridge
  // Scheduler retries on failure) continues the same run instead of starting a second one whose
  // events would carry other ids. A re-grade is named by the day it ran, so it never rewrites
  // the history rows of the run that graded that date at the time.
  const runId = regrade ? `${asOf}-${request.kind}-regrade-${today}` : (request.runId ?? `${asOf}-${request.kind}`);

  // Marks, profiles and next-change dates are keyed by GRADE_SHARDS: never read under another count.
  await ensureGradeShards(deps.assessments.doc, deps.assessments.table, deps.shards, now.toISOString());
  // Penalties stored before person-bar items existed get theirs now, once (a marker records it):
  // the workers look bars up by ID hash only.
  await ensurePersonBarIndex(deps.assessments.doc, deps.assessments.table, now.toISOString());

  const byShard: string[][] = new Array(deps.shards);
  const shards = Array.from({ length: deps.shards }, (_, shard) => shard);
  await forEachLimited(shards, deps.readConcurrency ?? 16, async (shard) => {
    const targets = new Set<string>();
    for (const d of await deps.assessments.dirty(shard)) targets.add(d.uscc);
    const more =
      // The next-change dates of the present say nothing about a past date: a re-grade takes all.
      request.kind === 'daily' && !regrade
        ? await deps.assessments.dueForChange(shard, asOf)
        : await deps.assessments.enterprises(shard);
    for (const u of more) targets.add(u);
    byShard[shard] = [...targets].sort();
  });
  const messages: GradeShardMessage[] = [];
  let batch: string[] = [];
  let enterprises = 0;
  for (const uscc of mergeUnique(byShard)) {
    enterprises++;
    batch.push(uscc);
    if (batch.length === deps.shardSize) {
      messages.push({ runId, kind: request.kind, asOf, shard: messages.length, usccs: batch });
      batch = [];
    }
  }
  if (batch.length > 0) messages.push({ runId, kind: request.kind, asOf, shard: messages.length, usccs: batch });
  await deps.runs.start({
    runId,
    kind: request.kind,
    asOf,
    startedAt: now.toISOString(),
    enterprises,
    shards: messages.length,
    ...(regrade ? { regrade } : {}),
  });
  await deps.queue.send(messages);
  return { runId, kind: request.kind, asOf, enterprises, shards: messages.length, regrade };
}

/**
 * The union of sorted, duplicate-free lists, in order, each value once: a k-way merge over a
 * binary heap of the lists' heads (k = GRADE_SHARDS), holding nothing but the heads.
 */
export function* mergeUnique(lists: readonly (readonly string[])[]): Generator<string> {
  // Heap of [list, position], ordered by the value at that position.
  const heap: [number, number][] = [];
  const at = ([l, i]: [number, number]) => lists[l]?.[i] as string;
  const less = (a: [number, number], b: [number, number]) => at(a) < at(b);
  const swap = (i: number, j: number) => {
    const t = heap[i] as [number, number];
    heap[i] = heap[j] as [number, number];
    heap[j] = t;
  };
  const up = (i: number) => {
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!less(heap[i] as [number, number], heap[parent] as [number, number])) return;
      swap(i, parent);
      i = parent;
    }
  };
  const down = (i: number) => {
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let min = i;
      if (l < heap.length && less(heap[l] as [number, number], heap[min] as [number, number])) min = l;
      if (r < heap.length && less(heap[r] as [number, number], heap[min] as [number, number])) min = r;
      if (min === i) return;
      swap(i, min);
      i = min;
    }
  };
  for (const [l, list] of lists.entries()) {
    if (list.length > 0) {
      heap.push([l, 0]);
      up(heap.length - 1);
    }
  }
  let last: string | undefined;
  while (heap.length > 0) {
    const top = heap[0] as [number, number];
    const value = at(top);
    if (value !== last) {
      yield value;
      last = value;
    }
    const list = lists[top[0]] as readonly string[];
    if (top[1] + 1 < list.length) heap[0] = [top[0], top[1] + 1];
    else {
      const end = heap.pop() as [number, number];
      if (heap.length === 0) break;
      heap[0] = end;
    }
    down(0);
  }
}
