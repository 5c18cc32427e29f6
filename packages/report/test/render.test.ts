import { createHash } from 'node:crypto';
import { type Assessment, CASE_KINDS, type Case, caseMetrics, maskId, type Plan, type Reject } from '@fenji/domain';
import { describe, expect, it } from 'vitest';
import { escapeHtml } from '../src/html.ts';
import { CAPS, type ReportInput, renderReport } from '../src/index.ts';
import { AS_OF, assessment, CLEAR_ID, deadlineCase, fixture, XSS_NAME } from './fixture.ts';

/** The page with the contents of every <script> and <style> element removed. */
function markupOnly(html: string): string {
  return html
    .replace(/<script\b[^>]*>[\s\S]*?<\/script>/g, '<script></script>')
    .replace(/<style>[\s\S]*?<\/style>/g, '');
}

function scripts(html: string): string[] {
  return [...html.matchAll(/<script>([\s\S]*?)<\/script>/g)].map((m) => m[1]);
}

function chartIds(html: string): string[] {
  const json = /<script type="application\/json" id="report-data">([\s\S]*?)<\/script>/.exec(html)?.[1] ?? '{}';
  return (JSON.parse(json) as { charts: { id: string }[] }).charts.map((c) => c.id);
}

describe('escapeHtml', () => {
  it('escapes the five markup characters', () => {
    expect(escapeHtml(`<a href="x" title='y'>&</a>`)).toBe(
      '&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;',
    );
  });
});

describe('renderReport', () => {
  const html = renderReport(fixture());
  const markup = markupOnly(html);

  it('prints a name holding <script> as text', () => {
    expect(html).toContain(escapeHtml(XSS_NAME));
    expect(html).not.toContain('<script>alert(1)');
    expect(html).not.toContain('<img src=x');
    // Exactly our three script elements: the data block, Chart.js, page.js.
    expect(html.match(/<script\b/g)).toHaveLength(3);
  });

  it('keeps </script> in data from closing the data block', () => {
    const input = fixture();
    input.inspectors = [
      { inspectorId: 'I001', name: '</script><script>alert(3)</script>', region: '330302', maxPerPeriod: 6 },
    ];
    const out = renderReport(input);
    expect(out.match(/<script\b/g)).toHaveLength(3);
    expect(out).toContain('\\u003c/script>\\u003cscript>alert(3)');
  });

  it('prints persons by name, role and masked ID only', () => {
    expect(html).toContain(maskId(CLEAR_ID));
    expect(html).not.toContain(CLEAR_ID);
    expect(html).toContain('张三（法定代表人 legal representative）');
  });

  it('masks a clear ID number passed as idMasked by mistake', () => {
    const input = fixture();
    input.disciplineList[0].persons[0].idMasked = CLEAR_ID;
    const out = renderReport(input);
    expect(out).not.toContain(CLEAR_ID);
    expect(out).toContain(maskId(CLEAR_ID));
  });

  it('names regions from the Wenzhou map by default, shows unknown codes as codes, and honours regionNames', () => {
    expect(markup).toContain('鹿城区 330302');
    expect(markup).toContain('瑞安市 330381');
    expect(markup).toMatch(/<td>339999<\/td>/);
    const custom = renderReport({ ...fixture(), regionNames: { '330302': '测试区', constructor: 'x' } });
    expect(custom).toContain('测试区 330302');
    expect(custom).not.toContain('鹿城区');
  });

  it('shows the header, KPIs and bilingual headings', () => {
    expect(html).toContain('<title>fenji 分级报告 Grading report · 2026-11-30 · 2026-Q4</title>');
    for (const text of [
      '评定日期 As of',
      '规则集 Rule set',
      'cn-2022',
      '2026-11-30T08:15:00.000Z',
      '重点监督检查 Key inspection',
      '拟列入 Listing candidates',
      '温鹿市监罚〔2026〕118号',
      '违法使用食品添加剂 illegal_additive',
      '检查人员不足 insufficient inspectors',
      'inspections/2026/11/lucheng.csv:2',
    ]) {
      expect(markup).toContain(text);
    }
    // Chart labels travel in the JSON block.
    expect(html).toContain('导入 ingest');
  });

  it('loads nothing from the network and allows only its own scripts to run', () => {
    // Any attribute that could load something, other than in-page anchors.
    expect(markup).not.toMatch(/<[a-z][^>]*\s(?:src|srcset|href|action|data|poster)="(?!#)/i);
    expect(markup).not.toMatch(/url\(|@import/i);
    const csp = (/<meta http-equiv="Content-Security-Policy" content="([^"]+)">/.exec(html)?.[1] ?? '').replaceAll(
      '&#39;',
      "'",
    );
    expect(csp).toContain("default-src 'none'");
    const [chartJs, pageJs] = scripts(html);
    expect(chartJs).toContain('Chart.js v4.6.1');
    expect(chartJs).not.toContain('sourceMappingURL');
    for (const s of [chartJs, pageJs]) {
      expect(csp).toContain(`'sha256-${createHash('sha256').update(s, 'utf8').digest('base64')}'`);
    }
  });

  // Pins the fixture's page byte for byte, so a change that alters the page, a refactor above all,
  // fails here rather than in front of a reader. A deliberate change of the page (here or from
  // @fenji/domain, e.g. the plan's draw) updates it: `npx vitest run --project fenji packages/report
  // -u`, then review the snapshot's diff with the change. Chart.js's 200 KB stay out of the file
  // but are pinned all the same: the CSP in it holds their SHA-256.
  it('renders the fixture exactly as pinned', async () => {
    const [chartJs] = scripts(html);
    await expect(html.replace(chartJs, () => '/* Chart.js */')).toMatchFileSnapshot('./__snapshots__/report.html');
  });

  it('keeps the stylesheet unescaped', () => {
    expect(html).toMatch(/<style>[^<]*"Segoe UI"/);
  });

  it('gives every chart a canvas with a bilingual accessible title', () => {
    const ids = chartIds(html);
    expect(ids).toHaveLength(12);
    for (const id of ids)
      expect(html).toMatch(new RegExp(`<canvas id="${id}" role="img" aria-label="[^"]*[\\u4e00-\\u9fff][^"]* [A-Z]`));
    expect(html.match(/<canvas\b/g)).toHaveLength(ids.length);
  });

  it('says so on a first run and draws no change chart', () => {
    const out = renderReport({ ...fixture(), previous: null });
    expect(out).toContain('First run: there is no previous result to compare with.');
    expect(chartIds(out)).not.toContain('chart-changes-region');
  });

  it('renders an empty run without charts that would have no data', () => {
    const empty: Plan = { period: '2026-Q4', asOf: AS_OF, seed: 's', seedCommitment: 'c', strata: [], inspections: [] };
    const out = renderReport({
      ...fixture(),
      assessments: [],
      previous: null,
      plan: empty,
      disciplineList: [],
      rejects: [],
      inspectors: [],
      summary: { ...fixture().summary, secondsPerStage: {} },
      cases: [],
      caseMetrics: [],
    });
    expect(chartIds(out)).toEqual([]);
    expect(out.match(/<canvas\b/g)).toBeNull();
    expect(out).toContain('No assessments in this run.');
  });
});

describe('renderReport on 100k enterprises', () => {
  it('embeds aggregates and capped tables only', () => {
    const n = 100_000;
    const regions = [
      '330302',
      '330303',
      '330304',
      '330305',
      '330324',
      '330326',
      '330327',
      '330328',
      '330329',
      '330381',
      '330382',
      '330383',
    ];
    const grades = ['A', 'B', 'C', 'D'] as const;
    const current: Assessment[] = [];
    const previous: Assessment[] = [];
    const template = assessment(0);
    for (let i = 0; i < n; i++) {
      const a: Assessment = {
        ...template,
        uscc: `U${String(i).padStart(17, '0')}`,
        name: `企业${i}`,
        region: regions[i % regions.length],
        riskGrade: grades[i % 4],
        creditClass: grades[(i >> 2) % 4],
        listingCandidate: i % 1000 === 0 ? { recordIds: [`P${i}`] } : null,
      };
      current.push(a);
      previous.push(i % 10 === 0 ? { ...a, riskGrade: grades[(i + 1) % 4] } : a);
    }
    const inspections: Plan['inspections'] = current.slice(0, 30_000).map((a, i) => ({
      period: '2026-Q4',
      region: a.region,
      riskGrade: a.riskGrade,
      keyInspection: false,
      uscc: a.uscc,
      name: a.name,
      kind: i % 3 === 0 ? 'random' : 'mandatory',
      slot: 1,
      inspector1: i % 7 === 0 ? null : `I${i % 400}`,
      inspector2: i % 7 === 0 ? null : `I${(i + 1) % 400}`,
      status: i % 7 === 0 ? 'unassigned' : 'assigned',
      reason: i % 7 === 0 ? 'insufficient_inspectors' : null,
    }));
    const rejects: Reject[] = Array.from({ length: 20_000 }, (_, i) => ({
      source: `f${i % 50}.csv`,
      line: i + 2,
      recordId: null,
      errors: [{ field: `f${i % 80}`, message: `"v${i}" is wrong` }],
    }));
    // One case in two enterprises, a fifth of them overdue and a fifth open.
    const states = ['overdue', 'open', 'closed_on_time', 'closed_late', 'closed_on_time'] as const;
    const cases: Case[] = current
      .filter((_, i) => i % 2 === 0)
      .map((a, i) =>
        deadlineCase({
          kind: CASE_KINDS[i % CASE_KINDS.length],
          uscc: a.uscc,
          region: a.region,
          recordId: `R${i}`,
          openedOn: '2026-09-01',
          dueOn: states[i % 5] === 'open' ? '2026-12-15' : `2026-10-${String(1 + (i % 28)).padStart(2, '0')}`,
          state: states[i % 5],
          daysLate: states[i % 5] === 'overdue' ? 60 - (i % 28) : 0,
        }),
      );
    const input: ReportInput = {
      ...fixture(),
      assessments: current,
      previous,
      plan: { ...fixture().plan, strata: [], inspections },
      rejects,
      inspectors: undefined,
      cases,
      caseMetrics: caseMetrics(cases, '2026-Q4', AS_OF),
    };

    const started = performance.now();
    const out = renderReport(input);
    const ms = performance.now() - started;

    expect(ms).toBeLessThan(5_000);
    // Chart.js is ~205 KB; everything else must stay small whatever the input size.
    expect(Buffer.byteLength(out) - Buffer.byteLength(scripts(out)[0])).toBeLessThan(600_000);
    expect(out).toContain(`Showing the first ${CAPS.changes} of 10,000.`);
    expect(out).toContain(`Showing the first ${CAPS.inspectors} of 400.`);
    expect(out).toContain(`Showing the first ${CAPS.rejectGroups} of 80.`);
    expect(out).toContain(`Showing the first ${CAPS.overdueCases} of 10,000.`);
    expect(out).toContain(`Showing the first ${CAPS.openCases} of 10,000.`);
    expect(out).toContain('100,000');
    expect(out).not.toContain('企业99999<');
  });
});
