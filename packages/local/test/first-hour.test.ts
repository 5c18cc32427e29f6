// Issue "The first hour": each mistake a new user made, replayed on a fixture folder of its own,
// gives the behaviour the issue asks for — a precise one-line refusal that creates nothing, or a
// run that says what it did.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fixedClock, makeUscc } from '@fenji/domain';
import { writeDataset } from '@fenji/sample';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { runPipeline } from '../src/pipeline.ts';
import { asOfProblem, main, UsageError } from '../src/start.ts';
import { defaultState, STATE_ROOT } from '../src/state.ts';

const CLOCK = fixedClock('2026-11-30T04:00:00Z');
const root = mkdtempSync(join(tmpdir(), 'fenji-first-hour-'));
const data = join(root, 'data');
const at = (...parts: string[]) => join(root, ...parts);

beforeAll(async () => {
  await writeDataset(data, { enterprises: 12, seed: 'first-hour', asOf: '2026-11-30' });
  // Quiet the summary table main() prints.
  vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
});
afterAll(() => vi.restoreAllMocks());

const run = (...argv: string[]) => main(argv, CLOCK);

describe('state that cannot surprise', () => {
  it('each data folder has its own default state: a second dataset never merges into the sample', () => {
    const a = defaultState('events/data');
    const b = defaultState(data);
    expect(a).not.toBe(b);
    expect(a.startsWith(`${STATE_ROOT}/data-`)).toBe(true);
    // The same folder named another way is the same state.
    expect(defaultState(relative(process.cwd(), data))).toBe(b);
  });

  it('--as-of after tomorrow, or before the first rule set took effect, is refused before anything is created', async () => {
    expect(asOfProblem('2026-12-01', '2026-11-30')).toBeUndefined();
    for (const [asOf, message] of [
      ['2027-06-01', /--as-of 2027-06-01 is after tomorrow \(2026-12-01\)/],
      ['1995-01-01', /--as-of 1995-01-01 is before 2016-12-01, when the first rule set \(cn-2016\) took effect/],
      ['2026-02-30', /calendar date/],
    ] as const) {
      const state = at(`state-${asOf}`);
      const out = at(`out-${asOf}`);
      await expect(run('--data', data, '--as-of', asOf, '--state', state, '--out', out)).rejects.toThrow(message);
      expect(existsSync(state) || existsSync(out)).toBe(false);
    }
  });

  it('a missing or empty --data is one line, exit code 2, and creates no state or output folder', async () => {
    const state = at('state-missing');
    const out = at('out-missing');
    const missing = run('--data', at('no-such-folder'), '--state', state, '--out', out);
    await expect(missing).rejects.toBeInstanceOf(UsageError);
    await expect(missing).rejects.toThrow(/--data .*no-such-folder does not exist \(数据目录不存在\)/);
    mkdirSync(at('empty'));
    await expect(run('--data', at('empty'), '--state', state, '--out', out)).rejects.toThrow(/holds no \*\.csv/);
    expect(existsSync(state) || existsSync(out)).toBe(false);
  });

  it("moving a state's present backwards needs --rewind, which says what it does; the report then shows no changes", async () => {
    const state = at('state-rewind');
    expect(
      await run('--data', data, '--as-of', '2026-11-30', '--state', state, '--out', at('out-r1'), '--seed', 's'),
    ).toBe(0);
    const back = ['--data', data, '--as-of', '2026-10-31', '--state', state, '--out', at('out-r2'), '--seed', 's'];
    await expect(run(...back)).rejects.toThrow(
      /last graded as of 2026-11-30; --as-of 2026-10-31 would move its present back\. Add --rewind/,
    );
    expect(existsSync(at('out-r2'))).toBe(false);
    const said = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    expect(await run(...back, '--rewind')).toBe(0);
    expect(said.mock.calls.map((c) => String(c[0])).join('')).toMatch(
      /rewind 回退: .* moves from 2026-11-30 back to 2026-10-31/,
    );
    said.mockRestore();
    // No "changes since the previous run" against a later date.
    expect(readFileSync(at('out-r1', 'report.html'), 'utf8')).toMatch(/First run: there is no previous result/);
    expect(readFileSync(at('out-r2', 'report.html'), 'utf8')).toMatch(/First run: there is no previous result/);
  });

  it('--strict exits with 3 when a record was rejected, 0 otherwise', async () => {
    const clean = at('clean');
    mkdirSync(join(clean, 'enterprises'), { recursive: true });
    writeFileSync(
      join(clean, 'enterprises', 'e.csv'),
      readFileSync(join(data, 'enterprises', 'enterprises-330302.csv'), 'utf8')
        .split('\n')
        .slice(0, 3)
        .join('\n'),
    );
    const opts = ['--as-of', '2026-11-30', '--seed', 's', '--strict'];
    expect(await run('--data', clean, '--state', at('state-s1'), '--out', at('out-s1'), ...opts)).toBe(0);
    writeFileSync(
      join(clean, 'enterprises', 'bad.csv'),
      'uscc,name,region,category,licensedOn\nX,名,330302,dairy,2020-01-01\n',
    );
    expect(await run('--data', clean, '--state', at('state-s2'), '--out', at('out-s2'), ...opts)).toBe(3);
  });
});

describe('one plan per period, as in the API', () => {
  it('a later run shows the published plan and says so; --redraw draws again and keeps the previous commitment', async () => {
    const state = at('state-plan');
    const args = (out: string, ...more: string[]) => [
      '--data',
      data,
      '--as-of',
      '2026-11-30',
      '--state',
      state,
      '--out',
      at(out),
      ...more,
    ];
    const said = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    const stderr = () => said.mock.calls.map((c) => String(c[0])).join('');
    expect(await run(...args('out-p1'))).toBe(0);
    expect(stderr()).toMatch(/seed 种子: [0-9a-f]{24} \(random; published in plan-meta\.json/);
    const first = JSON.parse(readFileSync(at('out-p1', 'plan-meta.json'), 'utf8'));
    said.mockClear();
    expect(await run(...args('out-p2', '--seed', 'another'))).toBe(0);
    expect(stderr()).toMatch(
      /plan 抽查计划 2026-Q4: the published draw is shown again \(seed commitment [0-9a-f]{64}, drawn as of 2026-11-30\); --redraw draws it again, and only then is --seed used/,
    );
    expect(readFileSync(at('out-p2', 'plan-meta.json'), 'utf8')).toBe(
      readFileSync(at('out-p1', 'plan-meta.json'), 'utf8'),
    );
    expect(readFileSync(at('out-p2', 'plan.csv'), 'utf8')).toBe(readFileSync(at('out-p1', 'plan.csv'), 'utf8'));
    said.mockClear();
    expect(await run(...args('out-p3', '--seed', 'another', '--redraw'))).toBe(0);
    said.mockRestore();
    const redrawn = JSON.parse(readFileSync(at('out-p3', 'plan-meta.json'), 'utf8'));
    expect(redrawn.seed).toBe('another');
    expect(redrawn.previous).toEqual({ seedCommitment: first.seedCommitment, asOf: '2026-11-30' });
    const report = readFileSync(at('out-p3', 'report.html'), 'utf8');
    expect(report).toContain(redrawn.seedCommitment);
    expect(report).toContain(first.seedCommitment);
    // The workbooks are written and the report links them.
    for (const f of ['plan.xlsx', 'discipline-list.xlsx']) {
      expect(existsSync(at('out-p3', f)), f).toBe(true);
      expect(report).toContain(`href="${f}"`);
    }
  });
});

describe('losses in plain sight', () => {
  it('a file whose type cannot be told counts its records, not 1, and is named on the console', async () => {
    const folder = at('untyped');
    mkdirSync(join(folder, 'misc'), { recursive: true });
    writeFileSync(
      join(folder, 'enterprises.csv'),
      readFileSync(join(data, 'enterprises', 'enterprises-330302.csv'), 'utf8')
        .split('\n')
        .slice(0, 2)
        .join('\n'),
    );
    writeFileSync(join(folder, 'misc', 'export.csv'), 'a,b\n1,2\n3,4\n');
    // A penalty of an enterprise whose profile has not arrived: kept, and named.
    const waitingUscc = makeUscc('91330302MA2W00001');
    writeFileSync(
      join(folder, 'penalties.csv'),
      `recordId,uscc,decidedOn,procedure,violation,measures,fineYuan\n温鹿市监罚〔2026〕9号,${waitingUscc},2026-10-12,simple,label_defect,warning,0\n`,
    );
    const notes: string[] = [];
    const summary = await runPipeline(
      {
        data: folder,
        asOf: '2026-11-30',
        period: '2026-Q4',
        seed: 's',
        state: at('state-u'),
        out: at('out-u'),
        clock: CLOCK,
      },
      { bar: () => ({ update() {}, stop() {} }), note: (t) => void notes.push(t) },
    );
    expect(summary.rejected).toBe(2);
    expect(notes.join('\n')).toMatch(/rejected whole 整个文件被拒收: misc\/export\.csv \(2 data lines\)/);
    expect(summary.orphans).toBe(1);
    expect(notes.join('\n')).toMatch(/orphans 待补企业档案: 1 records wait/);
    const waiting = readFileSync(at('out-u', 'orphans.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(waiting).toEqual([
      { type: 'penalty', recordId: '温鹿市监罚〔2026〕9号', uscc: waitingUscc, source: 'penalties.csv', line: 2 },
    ]);
  });
});
