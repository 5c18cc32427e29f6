// Use case: grade one shard of enterprises (grading-model.md) and publish what changed.
//
// Crash safety: for each enterprise, events are published before its assessment is written,
// and an enterprise whose latest assessment already carries this run's id is skipped. A shard
// retried by SQS after a crash therefore converges to the state of an unfaulted run: no
// duplicate history rows (their key is asOf + runId), no lost events (a re-sent event keeps
// its deterministic id, so consumers drop it).
import {
  type Assessment,
  assess,
  type Clock,
  canonicalJson,
  type Enterprise,
  type EnterpriseRecord,
  personBars,
  ruleSetFor,
} from '@fenji/domain';
import {
  type AssessmentStore,
  type AssessmentWrite,
  disciplinePenalties,
  emptyShardCounts,
  keys,
  type RecordStore,
  type RunFailure,
  type RunStore,
  type ShardCounts,
  type StoredAssessment,
  splitPartition,
} from '@fenji/store';
import type { EventPublisher, FenjiEvent, GradeShardMessage } from '../shared/index.ts';

export interface GradeShardDeps {
  records: RecordStore;
  assessments: AssessmentStore;
  runs: RunStore;
  events: EventPublisher;
  /** Today decides whether a shard is the present or a re-grade of the past; required, so no caller grades by the wall clock unawares. */
  clock: Clock;
  /** Test hook: called before each enterprise (fault injection). */
  beforeEnterprise?: (uscc: string, index: number) => void;
}

export interface ShardResult {
  counts: ShardCounts;
  failures: RunFailure[];
}

/** The fields that make a result: a new asOf or next-change date alone is not a change. */
const substance = (a: Assessment) => {
  const { asOf: _a, nextChangeOn: _n, runId: _r, ...rest } = a as StoredAssessment;
  return canonicalJson(rest);
};

export async function gradeShard(message: GradeShardMessage, deps: GradeShardDeps): Promise<ShardResult> {
  const { runId, asOf } = message;
  // A shard dated before today — a re-grade of the past, or a shard redriven from a DLQ days
  // later — adds history rows and nothing else: the latest stays the present's result, no
  // event announces an old grade, and dirty marks stay for the next current run.
  const regrade = asOf < deps.clock.today();
  const rules = ruleSetFor(asOf);
  const bars = personBars(await disciplinePenalties(deps.records.doc, deps.records.table), asOf, rules);
  const counts = emptyShardCounts();
  const failures: RunFailure[] = [];

  for (const [index, uscc] of message.usccs.entries()) {
    deps.beforeEnterprise?.(uscc, index);
    const items = await deps.records.enterprisePartition(uscc);
    const { profile, records } = splitPartition(items);
    const latestItem = items.find((i) => i.sk === keys.latestAssessment);
    const latest = (latestItem?.data as StoredAssessment | undefined) ?? null;
    const dirty = items.find((i) => i.sk === keys.dirty);

    if (!profile) {
      counts.orphans += records.length; // kept, uncounted, and dirty until the profile arrives
      continue;
    }
    if (!regrade && latest?.runId === runId) {
      // Done by this run before a crash: count it as it was counted then.
      counts.graded++;
      if (await deps.assessments.hasHistory(uscc, asOf, runId)) counts.changed++;
      else counts.unchanged++;
      counts.events += (latestItem?.events as number | undefined) ?? 0;
      // Only the mark that attempt consumed: a record stored since then keeps its enterprise dirty.
      if (dirty && dirty.markedAt === latestItem?.consumedMark)
        await deps.assessments.clearDirty(uscc, dirty.markedAt as string);
      continue;
    }

    let assessment: Assessment | null;
    try {
      assessment = assess(profile as Enterprise, records as EnterpriseRecord[], asOf, { personBars: bars, rules });
    } catch (e) {
      // A defect in the data or the engine for this one enterprise: reported, never silent.
      failures.push({ uscc, reason: e instanceof Error ? `${e.name}: ${e.message}` : String(e) });
      counts.failures++;
      continue;
    }

    if (regrade) {
      if (assessment) {
        counts.graded++;
        if (await deps.assessments.writePastHistory({ ...assessment, runId })) counts.changed++;
        else counts.unchanged++;
      }
      continue;
    }
    if (assessment === null) {
      if (latest) await deps.assessments.removeLatest(uscc); // deregistered: no assessment (§1)
    } else {
      const stored: StoredAssessment = { ...assessment, runId };
      const changed = latest === null || substance(latest) !== substance(assessment);
      counts.graded++;
      if (changed) {
        const events = changeEvents(latest, assessment, runId);
        await deps.events.publish(events);
        counts.events += events.length;
        await deps.assessments.write([
          {
            assessment: stored,
            history: true,
            events: events.length,
            ...(dirty ? { consumedMark: dirty.markedAt as string } : {}),
          } satisfies AssessmentWrite,
        ]);
        counts.changed++;
      } else {
        counts.unchanged++;
        // Keep the next-change index right (the scheduler looks it up), without a history row.
        if (latest.nextChangeOn !== assessment.nextChangeOn) {
          await deps.assessments.write([{ assessment: { ...stored, runId: latest.runId }, history: false }]);
        }
      }
    }
    if (dirty) await deps.assessments.clearDirty(uscc, dirty.markedAt as string);
  }

  await deps.runs.shardDone(runId, message.shard, counts, failures, deps.clock.now().toISOString());
  return { counts, failures };
}

/** What changed between two results, as events with deterministic ids. */
export function changeEvents(before: Assessment | null, after: Assessment, runId: string): FenjiEvent[] {
  const events: FenjiEvent[] = [];
  const add = (type: FenjiEvent['type'], detail: Record<string, unknown>) =>
    events.push({
      eventId: `${runId}:${after.uscc}:${type}`,
      type,
      runId,
      uscc: after.uscc,
      region: after.region,
      asOf: after.asOf,
      detail,
    });
  if (before?.riskGrade !== after.riskGrade) {
    add('GradeChanged', {
      from: before?.riskGrade ?? null,
      to: after.riskGrade,
      riskScore: after.riskScore,
      rulesVersion: after.rulesVersion,
    });
  }
  if (before?.creditClass !== after.creditClass) {
    add('CreditClassChanged', {
      from: before?.creditClass ?? null,
      to: after.creditClass,
      reasons: after.creditReasons,
    });
  }
  if (after.seriousListing && before?.seriousListing?.recordId !== after.seriousListing.recordId) {
    add('ListingStarted', { ...after.seriousListing });
  }
  if (before?.seriousListing && !after.seriousListing) add('ListingEnded', { ...before.seriousListing });
  if (
    after.listingCandidate &&
    canonicalJson(before?.listingCandidate ?? null) !== canonicalJson(after.listingCandidate)
  ) {
    add('ListingCandidate', { ...after.listingCandidate });
  }
  // The warning and event keep their published names (banned_person_in_charge, BannedPersonInCharge).
  const barred = (a: Assessment | null) => a?.warnings.find((w) => w.code === 'banned_person_in_charge');
  const barredNow = barred(after);
  if (barredNow && !barred(before)) add('BannedPersonInCharge', { recordIds: barredNow.recordIds });
  return events;
}
