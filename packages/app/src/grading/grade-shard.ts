// Use case: grade one shard of enterprises (grading-model.md) and publish what changed.
//
// Crash safety: for each enterprise, events are published before its assessment is written,
// and an enterprise whose latest assessment already carries this run's id is skipped. A shard
// retried by SQS after a crash therefore converges to the state of an unfaulted run: no
// duplicate history rows (their key is asOf + runId), no lost events (a re-sent event keeps
// its deterministic id, so consumers drop it).
//
// Person bars (FSL Art. 135) are looked up for the legal representatives of the enterprises
// being graded, by ID hash (personBarSources: two BatchGetItems per 100 enterprises), not by
// reading every penalty of the DISCIPLINE partition in every shard: that was shards × listings
// read units on one partition key, which at a country's scale no run could finish
// (infra/README.md "At national scale"). The grades are the same: assess() matches bars to the
// legal representative's hash only, and the lookup returns every penalty that can match one.
// Until the scheduler's one-off build of the bar items has run (its marker is checked once per
// container, personBarLookup) a shard — queued by an earlier scheduler, redriven from a DLQ —
// reads the DISCIPLINE partition once instead, as before, so no bar is dropped.
import {
  type Assessment,
  assessWithCases,
  type Case,
  type Clock,
  canonicalJson,
  type Enterprise,
  type PersonBar,
  personBars,
  ruleSetFor,
  samplesAwaitingDisposal,
} from '@fenji/domain';
import {
  type AssessmentStore,
  type AssessmentWrite,
  type CaseStore,
  casesInPartition,
  emptyShardCounts,
  forEachLimited,
  keys,
  personBarLookup,
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
  /** Statutory-deadline cases, written in the same pass as the assessment (deadlines.md §3). */
  cases: CaseStore;
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

/**
 * Enterprises read ahead together: their partitions (READ_CONCURRENCY Queries in flight, instead
 * of one round trip after another) and one lookup of their legal representatives' bars, which
 * BatchGetItem serves 100 keys at a time.
 */
const LOOKAHEAD = 100;
const READ_CONCURRENCY = 8;

export async function gradeShard(message: GradeShardMessage, deps: GradeShardDeps): Promise<ShardResult> {
  const { runId, asOf } = message;
  // A shard dated before today — a re-grade of the past, or a shard redriven from a DLQ days
  // later — adds history rows and nothing else: the latest stays the present's result, no
  // event announces an old grade, and dirty marks stay for the next current run.
  const regrade = asOf < deps.clock.today();
  const rules = ruleSetFor(asOf);
  const counts = emptyShardCounts();
  const failures: RunFailure[] = [];

  const barSources = await personBarLookup(deps.records.doc, deps.records.table);
  for (let start = 0; start < message.usccs.length; start += LOOKAHEAD) {
    const ahead = message.usccs.slice(start, start + LOOKAHEAD);
    // Read before grading, as before, only earlier: a record stored meanwhile re-marks its
    // enterprise with a new stamp, so the conditional clear below fails and it stays dirty.
    const partitions = new Map<string, Record<string, unknown>[]>();
    await forEachLimited(ahead, READ_CONCURRENCY, async (uscc) => {
      partitions.set(uscc, await deps.records.enterprisePartition(uscc));
    });
    const split = new Map([...partitions].map(([uscc, items]) => [uscc, splitPartition(items)]));
    const reps = [...split.values()].flatMap(({ profile }) => profile?.legalRepId?.hash ?? []);
    const bars = personBars(await barSources(reps), asOf, rules);
    for (const [offset, uscc] of ahead.entries()) {
      await gradeOne(uscc, start + offset, partitions.get(uscc) ?? [], split.get(uscc) ?? splitPartition([]), bars);
    }
  }

  async function gradeOne(
    uscc: string,
    index: number,
    items: Record<string, unknown>[],
    { profile, records }: ReturnType<typeof splitPartition>,
    bars: readonly PersonBar[],
  ): Promise<void> {
    deps.beforeEnterprise?.(uscc, index);
    const latestItem = items.find((i) => i.sk === keys.latestAssessment);
    const latest = (latestItem?.data as StoredAssessment | undefined) ?? null;
    const dirty = items.find((i) => i.sk === keys.dirty);

    if (!profile) {
      counts.orphans += records.length; // kept, uncounted, and dirty until the profile arrives
      return;
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
      return;
    }

    let assessment: Assessment | null;
    let cases: Case[];
    try {
      // A failed sample's disposal is found by the sample, whichever enterprise it names.
      const disposals = await deps.records.disposalsOf(samplesAwaitingDisposal(records, asOf, rules));
      const history = [...records.filter((r) => r.type !== 'disposal'), ...disposals];
      ({ assessment, cases } = assessWithCases(profile as Enterprise, history, asOf, { personBars: bars, rules }));
    } catch (e) {
      // A defect in the data or the engine for this one enterprise: reported, never silent.
      failures.push({ uscc, reason: e instanceof Error ? `${e.name}: ${e.message}` : String(e) });
      counts.failures++;
      return;
    }

    if (regrade) {
      if (assessment) {
        counts.graded++;
        if (await deps.assessments.writePastHistory({ ...assessment, runId })) counts.changed++;
        else counts.unchanged++;
      }
      return;
    }
    const storedCases = casesInPartition(items);
    if (assessment === null) {
      // Deregistered: no assessment (§1) and no cases (deadlines.md §3).
      await deps.cases.replace(uscc, storedCases, []);
      if (latest) await deps.assessments.removeLatest(uscc);
    } else {
      const stored: StoredAssessment = { ...assessment, runId };
      const changed = latest === null || substance(latest) !== substance(assessment);
      counts.graded++;
      // Events first, then the cases, then the latest row that marks the enterprise done by this
      // run: a retried shard re-sends at most the same ids, and a done enterprise is skipped.
      const events = [
        ...(changed ? changeEvents(latest, assessment, runId) : []),
        ...caseEvents(storedCases, cases, runId, asOf),
      ];
      if (events.length > 0) await deps.events.publish(events);
      counts.events += events.length;
      await deps.cases.replace(uscc, storedCases, cases);
      const consumed = dirty ? { consumedMark: dirty.markedAt as string } : {};
      if (changed) {
        await deps.assessments.write([
          { assessment: stored, history: true, events: events.length, ...consumed } satisfies AssessmentWrite,
        ]);
        counts.changed++;
      } else {
        counts.unchanged++;
        if (events.length > 0) {
          // Only a case turned overdue: no history row, but the run's mark, so a retry recounts its events.
          await deps.assessments.write([{ assessment: stored, history: false, events: events.length, ...consumed }]);
        } else if (latest.nextChangeOn !== assessment.nextChangeOn) {
          // Keep the next-change index right (the scheduler looks it up), without a history row.
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

/**
 * CaseOverdue for each case that is overdue now and was not when last stored (deadlines.md §3):
 * a daily run announces it on dueOn + 1, the day the enterprise's nextChangeOn brings it back.
 */
export function caseEvents(
  stored: readonly Case[],
  current: readonly Case[],
  runId: string,
  asOf: string,
): FenjiEvent[] {
  const before = new Map(stored.map((c) => [c.caseId, c.state]));
  return current
    .filter((c) => c.state === 'overdue' && before.get(c.caseId) !== 'overdue')
    .map((c) => ({
      eventId: `${runId}:${c.caseId}:CaseOverdue`,
      type: 'CaseOverdue' as const,
      runId,
      uscc: c.uscc,
      region: c.region,
      asOf,
      detail: { caseId: c.caseId, kind: c.kind, dueOn: c.dueOn },
    }));
}
