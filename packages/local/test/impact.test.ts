// `npm run impact` (issue 18) on the bundled sample: the differences it reports are exactly those
// of two separate gradings; a copy of the base changes nothing; a change of one category's tier
// changes only that category and names the value; a bad rule-set file is refused naming the file
// and the field; a state graded by npm start gives what its data folder gives. The in-memory
// loader is also held to the store: graded as the worker grades, the sample gives npm start's
// pinned assessments.jsonl byte for byte.
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  type Assessment,
  assess,
  assessWithCases,
  type Disposal,
  type Enterprise,
  type EnterpriseRecord,
  fixedClock,
  GRADES,
  type Grade,
  personBars,
  type RuleSet,
  type RuleSetFile,
  ruleSetById,
  ruleSetFor,
  samplesAwaitingDisposal,
} from '@fenji/domain';
import type { ImpactReport } from '@fenji/report';
import { writeDataset } from '@fenji/sample';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { main, runImpact } from '../src/impact.ts';
import { computeImpact } from '../src/impact-compute.ts';
import { chooseRuleSet, comparedResult } from '../src/impact-rules.ts';
import { assessmentLine } from '../src/outputs.ts';
import { runPipeline } from '../src/pipeline.ts';
import { loadDataFolder, type Population, penaltiesOf, profiled } from '../src/population.ts';
import { silentProgress } from '../src/progress.ts';

const ROOT = join(import.meta.dirname, '..', '..', '..');
const SAMPLE = join(ROOT, 'events', 'data');
const RULES = join(ROOT, 'packages', 'domain', 'rules');
// The sample's records go up to 2026-11-30: validated as on that day, whatever day the suite runs.
const CLOCK = fixedClock('2026-11-30T04:00:00Z');
const tmp = mkdtempSync(join(tmpdir(), 'fenji-impact-'));

let sample: Population;
beforeAll(async () => {
  sample = await loadDataFolder(SAMPLE, { clock: CLOCK });
});

async function impact(
  args: { rules: string; base?: string; asOf: string; period: string; data?: string; state?: string },
  out = join(tmp, `out-${Math.random().toString(36).slice(2)}`),
): Promise<ImpactReport> {
  const proposed = chooseRuleSet('--rules', args.rules);
  const base = args.base ? chooseRuleSet('--base', args.base) : { rules: ruleSetFor(args.asOf), file: null };
  await runImpact(
    {
      ...(args.state ? { state: args.state } : { data: args.data ?? SAMPLE }),
      asOf: args.asOf,
      period: args.period,
      seed: 'impact-test',
      out,
      base,
      proposed,
      clock: CLOCK,
    },
    silentProgress,
  );
  return JSON.parse(readFileSync(join(out, 'impact.json'), 'utf8')) as ImpactReport;
}

/** One grading of the population, on its own: assess() per enterprise with the population's bars. */
function grading(population: Population, asOf: string, rules: RuleSet): Map<string, Assessment> {
  const bars = personBars(penaltiesOf(population), asOf, rules);
  const out = new Map<string, Assessment>();
  for (const { profile, records } of profiled(population)) {
    const a = assess(profile, records, asOf, { rules, personBars: bars });
    if (a) out.set(a.uscc, a);
  }
  return out;
}

function crossTab(before: Map<string, Assessment>, after: Map<string, Assessment>, of: (a: Assessment) => Grade) {
  const m = GRADES.map(() => GRADES.map(() => 0));
  for (const [uscc, b] of before)
    (m[GRADES.indexOf(of(b))] as number[])[GRADES.indexOf(of(after.get(uscc) as Assessment))]++;
  return m;
}

function copyRuleSet(id: string, from: string, edit: (file: RuleSetFile) => void = () => {}): string {
  const file = JSON.parse(readFileSync(join(RULES, `${from}.json`), 'utf8'));
  file.id = id;
  edit(file);
  const dir = join(tmp, `rules-${Math.random().toString(36).slice(2)}`);
  mkdirSync(dir);
  const path = join(dir, `${id}.json`);
  writeFileSync(path, JSON.stringify(file, null, 2));
  return path;
}

describe('npm run impact on the bundled sample', () => {
  it('as of 2022-03-14, --base cn-2016 --rules cn-2022 gives exactly the differences of two separate gradings', async () => {
    const asOf = '2022-03-14';
    const report = await impact({ rules: 'cn-2022', base: 'cn-2016', asOf, period: '2022-Q1' });
    const before = grading(sample, asOf, ruleSetById('cn-2016'));
    const after = grading(sample, asOf, ruleSetById('cn-2022'));

    const expected = [...before.values()]
      .map((b) => ({ b, a: after.get(b.uscc) as Assessment }))
      .filter(({ b, a }) => b.riskGrade !== a.riskGrade || b.creditClass !== a.creditClass)
      .map(({ b, a }) => ({
        uscc: b.uscc,
        before: [b.riskGrade, b.creditClass, b.riskScore],
        after: [a.riskGrade, a.creditClass, a.riskScore],
      }));
    expect(expected.length).toBeGreaterThan(100);
    expect(
      report.changes.map((c) => ({
        uscc: c.uscc,
        before: [c.before.riskGrade, c.before.creditClass, c.before.riskScore],
        after: [c.after.riskGrade, c.after.creditClass, c.after.riskScore],
      })),
    ).toEqual(expected);
    expect(report.transitions.overall.riskGrade).toEqual(crossTab(before, after, (a) => a.riskGrade));
    expect(report.transitions.overall.creditClass).toEqual(crossTab(before, after, (a) => a.creditClass));
    const count = (m: Map<string, Assessment>, p: (a: Assessment) => boolean) => [...m.values()].filter(p).length;
    expect(report.keyInspections).toMatchObject({
      before: count(before, (a) => a.keyInspection),
      after: count(after, (a) => a.keyInspection),
    });
    expect(report.summary.riskScoreChanged).toBe(count(before, (b) => b.riskScore !== after.get(b.uscc)?.riskScore));
    // Every change is explained by values that do differ between the two sets.
    const changed = new Set(report.ruleChanges.map((v) => v.path));
    expect(changed).toContain('credit.score.B');
    for (const c of report.changes) {
      expect(c.ruleValues.length, c.uscc).toBeGreaterThan(0);
      for (const v of c.ruleValues) expect(changed).toContain(v.path);
    }
  });

  it('a proposed file identical to the base changes nothing', async () => {
    // The shipped file itself, copied: as of 2022-03-14 the base is the set in force, cn-2016.
    const dir = join(tmp, 'same');
    mkdirSync(dir);
    const copy = join(dir, 'cn-2016.json');
    writeFileSync(copy, readFileSync(join(RULES, 'cn-2016.json')));
    const report = await impact({ rules: copy, asOf: '2022-03-14', period: '2022-Q1' });
    expect(report.base.id).toBe('cn-2016');
    expect(report.baseInForce).toBe(true);
    expect(report.ruleChanges).toEqual([]);
    expect(report.changes).toEqual([]);
    expect(report.summary).toMatchObject({
      riskGradeChanged: 0,
      creditClassChanged: 0,
      changed: 0,
      riskScoreChanged: 0,
    });
    for (const m of [report.transitions.overall.riskGrade, report.transitions.overall.creditClass])
      expect(m.flatMap((row, i) => row.filter((_, j) => j !== i)).every((n) => n === 0)).toBe(true);
    expect(report.plan.after).toEqual(report.plan.before);
    expect(report.listings.seriousListings).toMatchObject({ appear: [], disappear: [] });
    expect(report.listings.listingCandidates).toMatchObject({ appear: [], disappear: [] });
    expect(report.riskScoreChanges.histogram).toEqual([{ delta: 0, count: report.population.assessed }]);
  });

  it('moving the pastry category to tier II changes only pastry enterprises, each naming that value', async () => {
    const draft = copyRuleSet('pastry-ii', 'cn-2022', (f) => {
      f.categories.map.pastry.tier = 'II';
    });
    const report = await impact({ rules: draft, base: 'cn-2022', asOf: '2026-11-30', period: '2026-Q4' });
    const value = {
      path: 'categories.map.pastry.tier',
      before: 'III',
      after: 'II',
      reference: 'FRG-2016; FRG-2022D; grading-model.md §3',
    };
    expect(report.ruleChanges).toEqual([value]);
    expect(report.changes.length).toBeGreaterThan(0);
    for (const c of report.changes) {
      expect(c.category).toBe('pastry');
      expect(c.ruleValues).toEqual([value]);
      expect(c.factors.map((f) => f.code).sort()).toEqual(['static_tier_II', 'static_tier_III']);
    }
    // Every pastry enterprise loses exactly tier III − tier II points, and no other score moves.
    const pastry = profiled(sample).filter((e) => e.profile.category === 'pastry' && e.profile.status === 'active');
    expect(report.riskScoreChanges.histogram).toEqual([
      { delta: -10, count: pastry.length },
      { delta: 0, count: report.population.assessed - pastry.length },
    ]);
  });

  it('a draft changing two values names, per enterprise, only the values whose leave-one-out regrading differs', () => {
    const asOf = '2026-11-30';
    const entries = new Map(profiled(sample).map((e) => [e.profile.uscc, e]));
    /** The draft's impact (base cn-2022), and per changed value the draft with that value put back. */
    const run = (id: string, edits: Record<string, number>) => {
      const draft = (skip?: string) =>
        chooseRuleSet(
          '--rules',
          copyRuleSet(id, 'cn-2022', (f) => {
            for (const [path, value] of Object.entries(edits)) {
              const node = path
                .split('.')
                .reduce((n: Record<string, unknown>, k) => n[k] as Record<string, unknown>, f);
              if (path !== skip) node.value = value;
            }
          }),
        );
      const proposed = draft();
      const report = computeImpact({
        population: sample,
        asOf,
        period: '2026-Q4',
        seed: 'impact-test',
        base: { rules: ruleSetById('cn-2022'), file: null },
        proposed,
        generatedAt: CLOCK.now().toISOString(),
      });
      const without = new Map(Object.keys(edits).map((path) => [path, draft(path).rules]));
      return { report, proposed: proposed.rules, without: (path: string) => without.get(path) as RuleSet };
    };
    /** What leave-one-out compares of one enterprise graded under a rule set. */
    const grade = (uscc: string, rules: RuleSet) => {
      const { profile, records } = entries.get(uscc) as { profile: Enterprise; records: EnterpriseRecord[] };
      return comparedResult(assess(profile, records, asOf, { rules }));
    };

    // F1: a fine threshold and a licensed-months rule; each enterprise names only the value whose
    // removal changes its result, and some name one value alone.
    const credit = run('two-credit', { 'credit.publicityFineThreshold': 1000, 'credit.licensedMonthsForA': 6 });
    expect(credit.report.ruleChanges.map((v) => v.path)).toEqual([
      'credit.publicityFineThreshold',
      'credit.licensedMonthsForA',
    ]);
    expect(credit.report.changes.length).toBeGreaterThan(50);
    for (const c of credit.report.changes) {
      expect(c.ruleValues.length, c.uscc).toBeGreaterThan(0);
      for (const v of c.ruleValues)
        expect(grade(c.uscc, credit.without(v.path)), `${c.uscc} ${v.path}`).not.toBe(grade(c.uscc, credit.proposed));
    }
    const named = (r: ImpactReport) => new Set(r.changes.map((c) => c.ruleValues.map((v) => v.path).join()));
    expect(named(credit.report)).toContain('credit.licensedMonthsForA');
    expect(named(credit.report)).toContain('credit.publicityFineThreshold');

    // F2: a longer dynamic window and a shorter full-inspection window; alone, neither moves this
    // enterprise's grade (the longer window alone is cancelled by a raise the full inspection
    // earns), together they move it from A to B: both are named.
    const windows = run('two-windows', { 'windows.dynamic': 24, 'windows.fullInspection': 12 });
    const uscc = '91330302MA56YPQ1XK';
    const riskGrade = (rules: RuleSet) => {
      const { profile, records } = entries.get(uscc) as { profile: Enterprise; records: EnterpriseRecord[] };
      return assess(profile, records, asOf, { rules })?.riskGrade;
    };
    expect(riskGrade(ruleSetById('cn-2022'))).toBe('A');
    expect(riskGrade(windows.proposed)).toBe('B');
    expect(riskGrade(windows.without('windows.dynamic'))).toBe('A');
    expect(riskGrade(windows.without('windows.fullInspection'))).toBe('A');
    const change = windows.report.changes.find((c) => c.uscc === uscc);
    expect(change?.ruleValues.map((v) => v.path)).toEqual(['windows.dynamic', 'windows.fullInspection']);
  });

  it('refuses a bad rule-set file naming the file and the field, and writes nothing', async () => {
    vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    const bad = copyRuleSet('bad-tier', 'cn-2022', (f) => {
      (f.tierPoints.I as { value: unknown }).value = 'five';
    });
    const out = join(tmp, 'out-bad');
    const run = (rules: string) =>
      main(['--rules', rules, '--data', SAMPLE, '--as-of', '2026-11-30', '--out', out], CLOCK);
    await expect(run(bad)).rejects.toThrow(
      new RegExp(`--rules: rule set file ${bad} is invalid:\\n  tierPoints\\.I\\.value: `),
    );
    const misnamed = copyRuleSet('misnamed', 'cn-2022');
    writeFileSync(join(misnamed, '..', 'draft.json'), readFileSync(misnamed));
    await expect(run(join(misnamed, '..', 'draft.json'))).rejects.toThrow(
      /draft\.json is invalid:\n {2}id: "misnamed" does not match the file name/,
    );
    await expect(run('cn-2030')).rejects.toThrow(
      /--rules cn-2030 is neither a rule set id \(cn-2016, cn-2022\) nor a file/,
    );
    expect(() => readFileSync(join(out, 'impact.json'))).toThrow();
    vi.restoreAllMocks();
  });
});

describe('the in-memory population', () => {
  it('graded as the grade worker grades, gives npm start’s pinned assessments.jsonl of the sample', () => {
    // test/local/golden-sample.json pins npm start on events/data as of 2026-11-30 with this ID key.
    const asOf = '2026-11-30';
    const golden = JSON.parse(readFileSync(join(ROOT, 'test', 'local', 'golden-sample.json'), 'utf8'));
    return loadDataFolder(SAMPLE, {
      ctx: { idKey: 'golden-sample-id-key-0123456789abcdef0123456789abcdef', today: asOf },
    }).then((population) => {
      const rules = ruleSetFor(asOf);
      const bars = personBars(penaltiesOf(population), asOf, rules);
      // A disposal belongs to its sample, whichever enterprise it names; across enterprises the highest version wins.
      const disposals = new Map<string, Disposal>();
      for (const s of population.slots.values())
        for (const r of s.records)
          if (r.type === 'disposal' && (disposals.get(r.samplingRecordId)?.version ?? 0) < r.version)
            disposals.set(r.samplingRecordId, r);
      const lines = profiled(population).flatMap(({ profile, records }) => {
        const own = samplesAwaitingDisposal(records, asOf, rules).flatMap((id) => disposals.get(id) ?? []);
        const history = [...records.filter((r) => r.type !== 'disposal'), ...own];
        const { assessment } = assessWithCases(profile, history, asOf, { rules, personBars: bars });
        return assessment ? [assessmentLine(assessment, asOf)] : [];
      });
      expect(createHash('sha256').update(lines.join('')).digest('hex')).toBe(golden.digests['assessments.jsonl']);
    });
  });

  it('an npm start state gives the impact its data folder gives', async () => {
    const data = join(tmp, 'small');
    await writeDataset(data, { enterprises: 12, seed: 'impact-state', asOf: '2026-11-30' });
    const state = join(tmp, 'small-state');
    await runPipeline(
      { data, asOf: '2026-11-30', out: join(tmp, 'small-out'), period: '2026-Q4', seed: 's', state, clock: CLOCK },
      silentProgress,
    );
    const args = { rules: 'cn-2016', base: 'cn-2022', asOf: '2026-11-30', period: '2026-Q4' };
    const fromState = await impact({ ...args, state });
    const fromData = await impact({ ...args, data });
    expect(fromState.population).toMatchObject({ source: 'state', rejected: null });
    const { generatedAt: _a, population: pa, ...restState } = fromState;
    const { generatedAt: _b, population: pb, ...restData } = fromData;
    expect(restState).toEqual(restData);
    expect({ ...pa, source: null, path: null, rejected: null }).toEqual({
      ...pb,
      source: null,
      path: null,
      rejected: null,
    });
  }, 60_000);
});
