import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import {
  type AnyRecord,
  type Assessment,
  addDays,
  addDaysRolled,
  addMonths,
  addWorkingDays,
  assess,
  CATEGORIES,
  type Case,
  type CaseRecords,
  canonicalJson,
  cases,
  cnCalendar,
  type Disposal,
  type Enterprise,
  type EnterpriseRecord,
  type Inspection,
  type Inspector,
  type Penalty,
  personBars,
  RECORD_DATE_FIELDS,
  RECORD_TYPES,
  type RecordType,
  type Reject,
  type Repair,
  recordKey,
  ruleSetFor,
  type Sampling,
} from '@fenji/domain';
import { readRecords } from '@fenji/ingest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { daysRolled, workingDayOnOrBefore, workingDaysAfter, workingDaysBefore } from '../src/calendar.ts';
import { BAD_LINE_KINDS, type Dataset, generate, MANIFEST_FILE, writeDataset } from '../src/index.ts';
import { COUNTIES } from '../src/wenzhou.ts';

const OPTIONS = { enterprises: 200, seed: 'sample-test', asOf: '2026-11-30' };
const ctx = { idKey: 'x'.repeat(32), today: OPTIONS.asOf };

interface Read {
  record: AnyRecord;
  path: string;
  line: number;
  format: 'csv' | 'jsonl';
}

/** Everything the ingestion reader makes of the files, in path order. */
async function ingest(dataset: Dataset): Promise<{ read: Read[]; rejects: Reject[] }> {
  const read: Read[] = [];
  const rejects: Reject[] = [];
  for (const f of dataset.files) {
    for await (const batch of readRecords([f.bytes], { source: f.path, key: f.path, ctx })) {
      rejects.push(...batch.rejects);
      for (const { record, line } of batch.records) read.push({ record, path: f.path, line, format: f.format });
    }
  }
  return { read, rejects };
}

/** The latest version of every record, as the store would keep it. */
function latest(read: readonly Read[]): AnyRecord[] {
  const byKey = new Map<string, AnyRecord>();
  for (const { record } of read) {
    const k = `${record.type}|${recordKey(record)}`;
    const old = byKey.get(k);
    if (!old || record.version > old.version) byKey.set(k, record);
  }
  return [...byKey.values()];
}

const DATE_FIELDS = [...new Set(Object.values(RECORD_DATE_FIELDS).flat())];

let dataset: Dataset;
let read: Read[];
let rejects: Reject[];
let records: AnyRecord[];
let assessments: Assessment[];
/** Every case of deadlines.md §3 as of asOf, as cases() makes them of the latest records. */
let caseList: Case[];

beforeAll(async () => {
  dataset = generate(OPTIONS);
  ({ read, rejects } = await ingest(dataset));
  records = latest(read);
  const penalties = records.filter((r): r is Penalty => r.type === 'penalty');
  const bars = personBars(penalties, OPTIONS.asOf, ruleSetFor(OPTIONS.asOf));
  const history = new Map<string, EnterpriseRecord[]>();
  for (const r of records) {
    if (r.type === 'inspection' || r.type === 'penalty' || r.type === 'sampling') {
      history.set(r.uscc, [...(history.get(r.uscc) ?? []), r]);
    }
  }
  assessments = records
    .filter((r): r is Enterprise => r.type === 'enterprise')
    .map((e) => assess(e, history.get(e.uscc) ?? [], OPTIONS.asOf, { personBars: bars }))
    .filter((a): a is Assessment => a !== null);
  // A disposal is found by its sample, whichever enterprise it names (deadlines.md §3).
  const samplingUscc = new Map(
    records.filter((r): r is Sampling => r.type === 'sampling').map((s) => [s.recordId, s.uscc]),
  );
  const steps = new Map<string, CaseRecords>();
  const of = (uscc: string) => {
    const got = steps.get(uscc) ?? { samplings: [], penalties: [], disposals: [], repairs: [] };
    steps.set(uscc, got);
    return got as { [K in keyof CaseRecords]: CaseRecords[K][number][] };
  };
  for (const r of records) {
    if (r.type === 'sampling') of(r.uscc).samplings.push(r);
    if (r.type === 'penalty') of(r.uscc).penalties.push(r);
    if (r.type === 'repair') of(r.uscc).repairs.push(r);
    if (r.type === 'disposal') of(samplingUscc.get(r.samplingRecordId) ?? r.uscc).disposals.push(r);
  }
  caseList = records
    .filter((r): r is Enterprise => r.type === 'enterprise')
    .flatMap((e) => cases(e, of(e.uscc), OPTIONS.asOf).cases);
});

describe('determinism', () => {
  it('gives the same bytes for the same options', () => {
    const again = generate(OPTIONS);
    expect(again.files.map((f) => f.path)).toEqual(dataset.files.map((f) => f.path));
    again.files.forEach((f, i) => {
      expect(Buffer.from(f.bytes).equals(Buffer.from(dataset.files[i]?.bytes ?? []))).toBe(true);
    });
    expect(JSON.stringify(again.manifest)).toBe(JSON.stringify(dataset.manifest));
  });

  it('gives other data for another seed', () => {
    const other = generate({ ...OPTIONS, seed: 'another-seed' });
    const same = other.files.filter((f) => {
      const mine = dataset.files.find((g) => g.path === f.path);
      return mine !== undefined && Buffer.from(mine.bytes).equals(Buffer.from(f.bytes));
    });
    expect(same).toEqual([]);
  });

  it('rejects options it cannot honour', () => {
    expect(() => generate({ ...OPTIONS, enterprises: 3 })).toThrow(RangeError);
    expect(() => generate({ ...OPTIONS, asOf: '2026-02-30' })).toThrow(RangeError);
    expect(() => generate({ ...OPTIONS, seed: '' })).toThrow(RangeError);
  });
});

describe('validity', () => {
  it('rejects exactly the deliberate bad lines, at their lines', () => {
    const { badLines } = dataset.manifest;
    expect(badLines.length).toBeGreaterThanOrEqual(BAD_LINE_KINDS.length);
    expect(new Set(badLines.map((b) => b.kind))).toEqual(new Set(BAD_LINE_KINDS));
    expect(rejects.map((r) => `${r.source}:${r.line}`).sort()).toEqual(
      badLines.map((b) => `${b.path}:${b.line}`).sort(),
    );
  });

  it('rejects each bad line for its one mistake', () => {
    const expected: Record<string, RegExp> = {
      uscc_check: /^uscc$/,
      unknown_category: /^category$/,
      compliant_with_failed_items: /^generalItemsFailed$/,
      simple_fine_over_3000: /^fineYuan$/,
      invalid_date: /^(inspectedOn|sampledOn)$/,
      resident_id_check: /^(legalRepId|persons\[\d+\]\.idNumber)$/,
      completed_before_started: /^completedOn$/,
      decision_without_date: /^decidedOn$/,
      recheck_of_pass: /^recheckRequestedOn$/,
    };
    for (const bad of dataset.manifest.badLines) {
      const reject = rejects.find((r) => r.source === bad.path && r.line === bad.line);
      expect(reject?.errors.map((e) => e.field)).toEqual([expect.stringMatching(expected[bad.kind] as RegExp)]);
    }
  });

  it('places every bad line between two good lines', () => {
    const good = new Set(read.map((r) => `${r.path}:${r.line}`));
    for (const b of dataset.manifest.badLines) {
      expect(good.has(`${b.path}:${b.line - 1}`)).toBe(true);
      expect(good.has(`${b.path}:${b.line + 1}`)).toBe(true);
    }
  });

  it('dates every record between 1990-01-01 and asOf', () => {
    for (const { record } of read) {
      for (const f of DATE_FIELDS) {
        const d = (record as unknown as Record<string, unknown>)[f];
        if (typeof d === 'string') {
          expect(d >= '1990-01-01' && d <= OPTIONS.asOf, `${recordKey(record)} ${f} ${d}`).toBe(true);
        }
      }
    }
  });

  it('matches the manifest counts', () => {
    const lines = Object.fromEntries(RECORD_TYPES.map((t) => [t, 0])) as Record<RecordType, number>;
    for (const r of read) lines[r.record.type]++;
    expect(lines).toEqual(dataset.manifest.lines);
    const perEnterprise = read.length / OPTIONS.enterprises;
    expect(perEnterprise).toBeGreaterThan(6);
    expect(perEnterprise).toBeLessThan(11);
  });
});

describe('realism', () => {
  it('covers all twelve counties of Wenzhou and every category', () => {
    const enterprises = records.filter((r): r is Enterprise => r.type === 'enterprise');
    expect(new Set(enterprises.map((e) => e.region))).toEqual(new Set(COUNTIES.map((c) => c.code)));
    expect(new Set(enterprises.map((e) => e.category))).toEqual(new Set(CATEGORIES));
    expect(enterprises.filter((e) => e.legalRepId !== undefined).length).toBeGreaterThan(enterprises.length * 0.8);
  });

  it('has every inspection done by inspectors of the enterprise county', () => {
    const region = new Map(
      records.filter((r): r is Enterprise => r.type === 'enterprise').map((e) => [e.uscc, e.region]),
    );
    const inspectors = new Map(
      records.filter((r): r is Inspector => r.type === 'inspector').map((i) => [i.inspectorId, i]),
    );
    const perCounty = new Map<string, number>();
    for (const i of inspectors.values()) perCounty.set(i.region, (perCounty.get(i.region) ?? 0) + 1);
    for (const n of perCounty.values()) expect(n).toBeGreaterThanOrEqual(6);
    const inspections = records.filter((r): r is Inspection => r.type === 'inspection');
    expect(inspections.length).toBeGreaterThan(0);
    for (const i of inspections) {
      for (const id of i.inspectors) {
        const inspector = inspectors.get(id);
        expect(inspector?.region, `${i.recordId} ${id}`).toBe(region.get(i.uscc));
        expect(inspector?.conflicts).not.toContain(i.uscc);
      }
    }
  });

  it('writes some CSV as GB18030, one with a BOM, and quotes awkward names', () => {
    const gb = dataset.files.filter((f) => f.encoding === 'gb18030');
    expect(gb.length).toBeGreaterThanOrEqual(1);
    for (const f of gb) {
      expect(() => new TextDecoder('utf-8', { fatal: true }).decode(f.bytes)).toThrow();
      expect(new TextDecoder('gb18030').decode(f.bytes)).toMatch(/(永嘉县|苍南县|瑞安市).+(店|公司|食堂)/);
    }
    const bom = dataset.files.filter((f) => f.encoding === 'utf-8-bom');
    expect(bom.length).toBe(1);
    expect([...(bom[0]?.bytes.slice(0, 3) ?? [])]).toEqual([0xef, 0xbb, 0xbf]);
    const names = records.filter((r): r is Enterprise => r.type === 'enterprise').map((e) => e.name);
    expect(names.some((n) => n.includes(','))).toBe(true);
    expect(names.some((n) => n.includes('"'))).toBe(true);
  });

  it('numbers decisions with the county bureau short name', () => {
    const ids = records.filter((r): r is Penalty => r.type === 'penalty').map((p) => p.recordId);
    for (const id of ids)
      expect(id).toMatch(/^(温鹿|温龙|温瓯|温洞|永|平|苍|文|泰|瑞|乐|龙港)市监简?罚〔\d{4}〕\d+号$/);
  });
});

describe('versions, duplicates and corrections', () => {
  it('has no conflicts: equal keys and versions have equal content', () => {
    const seen = new Map<string, string>();
    let duplicates = 0;
    for (const { record } of read) {
      const k = `${record.type}|${recordKey(record)}|${record.version}`;
      const content = canonicalJson(record);
      if (seen.has(k)) {
        expect(content, k).toBe(seen.get(k));
        duplicates++;
      }
      seen.set(k, content);
    }
    expect(duplicates).toBe(dataset.manifest.duplicates.length);
  });

  it('repeats some records once as CSV and once as JSON Lines', () => {
    const { duplicates } = dataset.manifest;
    expect(duplicates.some((d) => d.type === 'inspection')).toBe(true);
    expect(duplicates.some((d) => d.type === 'penalty')).toBe(true);
    for (const d of duplicates) {
      const copies = read.filter((r) => r.record.type === d.type && recordKey(r.record) === d.key);
      expect(copies.map((c) => c.path).sort()).toEqual([...d.paths].sort());
      expect(new Set(copies.map((c) => c.format))).toEqual(new Set(['csv', 'jsonl']));
    }
  });

  it('corrects records with a version 2 in a later file', () => {
    const { corrections } = dataset.manifest;
    for (const type of ['enterprise', 'inspection', 'penalty', 'sampling', 'disposal'] as const) {
      expect(corrections.some((c) => c.type === type)).toBe(true);
    }
    const kinds = corrections.map((c) => c.change);
    expect(kinds.some((k) => k.startsWith('revoked'))).toBe(true);
    expect(kinds.some((k) => k.startsWith('re-test concluded'))).toBe(true);
    expect(kinds.some((k) => k.startsWith('disposal completed'))).toBe(true);
    expect(kinds.some((k) => k.startsWith('credit repaired'))).toBe(true);
    expect(kinds.some((k) => k.startsWith('removed from the list'))).toBe(true);
    for (const c of corrections) {
      const versions = read.filter((r) => r.record.type === c.type && recordKey(r.record) === c.key);
      expect(versions.map((v) => v.record.version).sort()).toEqual([1, 2]);
      const [v1, v2] = [...versions].sort((a, b) => a.record.version - b.record.version) as [Read, Read];
      expect(v2.path).toBe(c.path);
      expect(v2.path > v1.path).toBe(true);
      expect(canonicalJson({ ...v2.record, version: 1 })).not.toBe(canonicalJson(v1.record));
    }
  });
});

describe('scenarios', () => {
  it('has a serious listing in force on asOf', () => {
    const listed = assessments.filter((a) => a.seriousListing !== null);
    expect(listed.map((a) => a.uscc)).toContain(dataset.manifest.scenarios.activeListing.uscc);
  });

  it('has a listing removed early, one year or more after the decision', () => {
    const { recordId, delistedOn } = dataset.manifest.scenarios.delisting;
    const p = records.find((r): r is Penalty => r.type === 'penalty' && r.recordId === recordId);
    expect(p?.delistedOn).toBe(delistedOn);
    expect(p && delistedOn >= addMonths(p.decidedOn, 12) && delistedOn <= OPTIONS.asOf).toBe(true);
  });

  it('puts a person barred after a licence revocation in charge of another enterprise', () => {
    const { bannedPersonInCharge } = dataset.manifest.scenarios;
    expect(bannedPersonInCharge.length).toBeGreaterThanOrEqual(1);
    const warned = assessments.filter((a) => a.warnings.some((w) => w.code === 'banned_person_in_charge'));
    for (const b of bannedPersonInCharge) expect(warned.map((a) => a.uscc)).toContain(b.inChargeUscc);
  });

  it('grades into every risk grade and credit class', () => {
    expect(new Set(assessments.map((a) => a.riskGrade))).toEqual(new Set(['A', 'B', 'C', 'D']));
    expect(new Set(assessments.map((a) => a.creditClass))).toEqual(new Set(['A', 'B', 'C', 'D']));
  });
});

describe('statutory deadlines (deadlines.md)', () => {
  const states = (kind: Case['kind']) => new Set(caseList.filter((c) => c.kind === kind).map((c) => c.state));
  const samplings = () => records.filter((r): r is Sampling => r.type === 'sampling');

  it('holds each case the manifest lists, in the state and with the warnings it lists', () => {
    const listed = dataset.manifest.scenarios.cases;
    expect(listed.length).toBeGreaterThanOrEqual(20);
    const byId = new Map(caseList.map((c) => [c.caseId, c]));
    for (const l of listed) {
      const c = byId.get(l.caseId);
      expect(c && { caseId: c.caseId, state: c.state, warnings: c.warnings }, l.caseId).toEqual(l);
    }
  });

  it('has cases of every kind in every state they can be in', () => {
    const closedOpenOverdue = ['closed_on_time', 'closed_late', 'overdue', 'open'];
    expect(states('sampling_disposal')).toEqual(new Set([...closedOpenOverdue, 'overturned']));
    expect(states('penalty_publicity')).toEqual(new Set(closedOpenOverdue));
    expect(states('repair_acceptance')).toEqual(new Set(closedOpenOverdue));
    expect(states('repair_decision')).toEqual(new Set(closedOpenOverdue));
    expect(caseList.filter((c) => c.state === 'closed_on_time').length).toBeGreaterThan(caseList.length / 2);
  });

  it('has every warning of deadlines.md §3', () => {
    expect(new Set(caseList.flatMap((c) => c.warnings))).toEqual(
      new Set(['notified_on_missing', 'recheck_after_window', 'disposal_uscc_mismatch', 'repair_not_recorded']),
    );
  });

  it('has re-tests that overturn, confirm, are pending and were asked for too late', () => {
    const opened = new Map(caseList.filter((c) => c.kind === 'sampling_disposal').map((c) => [c.recordId, c]));
    const retested = samplings().filter((s) => s.recheckRequestedOn !== undefined && opened.has(s.recordId));
    const timely = retested.filter((s) => !opened.get(s.recordId)?.warnings.includes('recheck_after_window'));
    expect(timely.some((s) => s.recheckResult === 'pass' && opened.get(s.recordId)?.state === 'overturned')).toBe(true);
    expect(timely.some((s) => s.recheckResult === 'fail')).toBe(true);
    expect(timely.some((s) => s.recheckResult === undefined)).toBe(true);
    expect(retested.length - timely.length).toBeGreaterThanOrEqual(1);
    // Only failures are re-tested, and some passes were served too.
    expect(samplings().every((s) => s.recheckRequestedOn === undefined || s.result === 'fail')).toBe(true);
    expect(samplings().some((s) => s.result === 'pass' && s.notifiedOn !== undefined)).toBe(true);
  });

  it('moves due dates over public holidays', () => {
    const calendar = cnCalendar();
    const weekday = (d: string) => ![0, 6].includes(new Date(`${d}T00:00:00Z`).getUTCDay());
    // The 90th day is a weekday holiday, so the due date rolls past it; closed on the rolled day: on time.
    const rolled = caseList.filter((c) => {
      const nth = addDays(c.openedOn, 90);
      return c.kind === 'sampling_disposal' && weekday(nth) && !calendar.isWorkingDay(nth) && c.dueOn > nth;
    });
    expect(rolled.some((c) => c.state === 'closed_on_time' && (c.closedOn ?? '') > addDays(c.openedOn, 90))).toBe(true);
    // A working-day period running over a holiday ends later than five-day weeks would make it.
    const weeks = (from: string, n: number) => {
      let d = from;
      for (let left = n; left > 0; ) {
        d = addDays(d, 1);
        if (weekday(d)) left--;
      }
      return d;
    };
    expect(caseList.some((c) => c.kind === 'penalty_publicity' && c.dueOn > weeks(c.openedOn, 20))).toBe(true);
  });

  it('has granted, refused and undecided repair applications, and disposals that name their decision', () => {
    const repairs = records.filter((r): r is Repair => r.type === 'repair');
    expect(new Set(repairs.map((r) => r.decision))).toEqual(new Set(['granted', 'refused', undefined]));
    const penalties = new Map(records.filter((r): r is Penalty => r.type === 'penalty').map((p) => [p.recordId, p]));
    // A granted repair is recorded on its decision, but for the one the warning is about.
    const unrecorded = repairs.filter(
      (r) => r.decision === 'granted' && penalties.get(r.penaltyRecordId)?.repairedOn !== r.decidedOn,
    );
    expect(unrecorded.length).toBe(1);
    const disposals = records.filter((r): r is Disposal => r.type === 'disposal');
    const named = disposals.filter((d) => d.penaltyRecordId !== undefined);
    expect(named.length).toBeGreaterThanOrEqual(1);
    for (const d of named) expect(penalties.has(d.penaltyRecordId as string)).toBe(true);
    // One disposal per failed supervisory sample, for most of them.
    const failed = samplings().filter((s) => s.result === 'fail' && s.kind === 'supervisory');
    expect(disposals.length).toBeGreaterThan(failed.length * 0.7);
    expect(disposals.length).toBeLessThanOrEqual(failed.length);
  });

  it('counts working days as the domain does', () => {
    for (let d = '2023-12-20'; d <= '2027-01-10'; d = addDays(d, 1)) {
      for (const n of [1, 2, 7, 15, 20]) expect(workingDaysAfter(d, n), `${d} + ${n}`).toBe(addWorkingDays(d, n).date);
      expect(daysRolled(d, 90), d).toBe(addDaysRolled(d, 90).date);
      const before = workingDaysBefore(d, 3);
      // Two working days strictly between it and d; the third is d or after it.
      expect(addWorkingDays(before, 2).date < d && addWorkingDays(before, 3).date >= d, d).toBe(true);
      expect(cnCalendar().isWorkingDay(workingDayOnOrBefore(d))).toBe(true);
    }
  });
});

describe('writing', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'fenji-sample-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('writes the files and the manifest, and refuses to mix in foreign data files', async () => {
    const small = { ...OPTIONS, enterprises: 24 };
    const out = join(dir, 'data');
    await mkdir(join(out, 'penalties'), { recursive: true });
    await writeFile(join(out, 'penalties', 'old.jsonl'), '{}\n');
    await expect(writeDataset(out, small)).rejects.toThrow(/--clean/);
    const written = await writeDataset(out, small, { clean: true });
    const files = (await readdir(out, { recursive: true, withFileTypes: true }))
      .filter((e) => e.isFile())
      .map((e) =>
        join(e.parentPath, e.name)
          .slice(out.length + 1)
          .replaceAll('\\', '/'),
      )
      .sort();
    expect(files).toEqual([...written.files.map((f) => f.path), MANIFEST_FILE].sort());
    const first = written.files[0];
    expect(first && Buffer.from(await readFile(join(out, first.path))).equals(Buffer.from(first.bytes))).toBe(true);
    // Re-running over its own output is fine.
    await writeDataset(out, small);
  });

  it('runs as a command', async () => {
    const cli = join(import.meta.dirname, '..', 'src', 'cli.ts');
    const run = promisify(execFile);
    const help = await run(process.execPath, [cli, '--help']);
    expect(help.stdout).toContain('--enterprises');
    expect(help.stdout).toContain('企业数量');
    const out = join(dir, 'cli');
    const { stdout } = await run(process.execPath, [cli, '--enterprises', '24', '--seed', 's', '--out', out]);
    expect(stdout).toMatch(/^wrote \d+ files .* deliberate bad lines; seed "s", as of 2026-11-30\n$/);
    await expect(run(process.execPath, [cli, '--enterprises', 'many', '--out', join(dir, 'x')])).rejects.toMatchObject({
      code: 2,
    });
    // Issue "The first hour": no default folder (it overwrote the bundled sample), no silent overwrite.
    await expect(run(process.execPath, [cli, '--enterprises', '24'])).rejects.toMatchObject({
      code: 2,
      stderr: expect.stringContaining('--out is required'),
    });
    await expect(run(process.execPath, [cli, '--enterprises', '24', '--out', out])).rejects.toMatchObject({
      code: 2,
      stderr: expect.stringContaining('already holds files; add --force'),
    });
    await run(process.execPath, [cli, '--enterprises', '24', '--seed', 's', '--out', out, '--force']);
  });
});
