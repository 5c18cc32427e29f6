import type { Case, CaseMetric } from '@fenji/domain';
import { describe, expect, it } from 'vitest';
import { escapeHtml } from '../src/html.ts';
import { CAPS, type ReportInput, renderReport } from '../src/index.ts';
import { deadlineCase, fixture, uscc, XSS_NAME } from './fixture.ts';

/** The deadlines section of a rendered page, or null when the page has none. */
function section(html: string): string | null {
  const start = html.indexOf('<section id="deadlines">');
  return start < 0 ? null : html.slice(start, html.indexOf('</section>', start));
}

function render(over: Partial<ReportInput>): string {
  const out = section(renderReport({ ...fixture(), ...over }));
  if (out === null) throw new Error('no deadlines section');
  return out;
}

/** The rows of the section's table that follows `heading`, each row's cells as markup. */
function rowsAfter(html: string, heading: string): string[][] {
  const at = html.indexOf(heading);
  const body = html.slice(at, html.indexOf('</tbody>', at));
  return [...body.matchAll(/<tr>(.*?)<\/tr>/g)]
    .slice(1)
    .map((m) => [...m[1].matchAll(/<td>(.*?)<\/td>/g)].map((c) => c[1]));
}

function chartIds(html: string): string[] {
  const json = /<script type="application\/json" id="report-data">([\s\S]*?)<\/script>/.exec(html)?.[1] ?? '{}';
  return (JSON.parse(json) as { charts: { id: string }[] }).charts.map((c) => c.id);
}

describe('the deadlines section', () => {
  const html = renderReport(fixture());
  const s = section(html) ?? '';

  it('sits after the plan and before the rejects, and the contents link to it', () => {
    expect(html.indexOf('<section id="plan">')).toBeLessThan(html.indexOf('<section id="deadlines">'));
    expect(html.indexOf('<section id="deadlines">')).toBeLessThan(html.indexOf('<section id="rejects">'));
    expect(html).toContain('<li><a href="#deadlines">时限 Deadlines</a></li>');
    expect(s).toContain('<h2>时限 <span class="en">Deadlines</span></h2>');
  });

  it('charts each kind with lines in the period, by district, in the page data', () => {
    expect(chartIds(html).filter((id) => id.startsWith('chart-deadlines-'))).toEqual([
      'chart-deadlines-sampling_disposal',
      'chart-deadlines-penalty_publicity',
      'chart-deadlines-repair_acceptance',
      'chart-deadlines-repair_decision',
    ]);
    const json = /<script type="application\/json" id="report-data">([\s\S]*?)<\/script>/.exec(html)?.[1] ?? '{}';
    const spec = (
      JSON.parse(json) as { charts: { id: string; labels: string[]; datasets: { data: number[] }[] }[] }
    ).charts.find((c) => c.id === 'chart-deadlines-sampling_disposal');
    expect(spec?.labels).toEqual(['鹿城区 330302', '瓯海区 330304', '339999']);
    // On time, late, overdue and open: stacked, each bar is the cases due.
    expect(spec?.datasets.map((d) => d.data)).toEqual([
      [0, 1, 0],
      [1, 0, 0],
      [1, 0, 1],
    ]);
  });

  it('tables the metric lines with the rate as a percentage, regions named', () => {
    const rows = rowsAfter(s, 'id="table-deadlines"');
    expect(rows).toHaveLength(7);
    expect(rows[0]).toEqual([
      '鹿城区 330302',
      '不合格核查处置 Disposal of failed samples',
      '2',
      '0',
      '1',
      '<strong class="bad">1</strong>',
      '<strong class="bad">0.00%</strong>',
    ]);
    expect(rows[2]).toEqual([
      '瓯海区 330304',
      '不合格核查处置 Disposal of failed samples',
      '1',
      '1',
      '0',
      '0',
      '100.00%',
    ]);
  });

  it('shows a rate rounded to 4 decimals exactly, in percent', () => {
    const line: CaseMetric = {
      period: '2026-Q4',
      region: '330302',
      kind: 'penalty_publicity',
      due: 32,
      onTime: 1,
      late: 31,
      overdueOpen: 0,
      rate: 0.0313,
    };
    expect(render({ caseMetrics: [line] })).toContain('<strong class="bad">3.13%</strong>');
  });

  it('counts cases by kind and state, with totals', () => {
    const rows = rowsAfter(s, 'Cases by kind and state');
    expect(rows.map((r) => r[0])).toEqual([
      '不合格核查处置 Disposal of failed samples',
      '处罚信息公示 Penalty publicity',
      '信用修复受理 Credit-repair acceptance',
      '信用修复决定 Credit-repair decision',
      '<strong>合计 Total</strong>',
    ]);
    // open, overdue, closed on time, closed late, overturned, total
    expect(rows[0].slice(1)).toEqual(['1', '2', '1', '1', '1', '6']);
    expect(rows[4].slice(1).map((c) => c.replace(/<\/?strong>/g, ''))).toEqual(['2', '5', '3', '2', '1', '13']);
    for (const state of [
      '办理中 Open',
      '已逾期 Overdue',
      '按时办结 Closed on time',
      '逾期办结 Closed late',
      '复检推翻 Overturned on re-test',
    ])
      expect(s).toContain(`<th scope="col">${state}</th>`);
  });

  it('lists overdue cases longest first, then by case id, with name, district, kind, dates and basis', () => {
    const rows = rowsAfter(s, 'Overdue cases');
    expect(rows.map((r) => r[2].replace(/^.*<span class="code">(.*)<\/span>$/, '$1'))).toEqual([
      'CY-2026-0233',
      '温鹿市监罚〔2026〕131号',
      // Tied at 21 days: penalty_publicity:… sorts before sampling_disposal:….
      '瑞市监罚〔2026〕52号',
      'CY-2026-0240',
      'XF-2026-007',
    ]);
    expect(rows.map((r) => r[5])).toEqual(
      ['42', '32', '21', '21', '5'].map((n) => `<strong class="bad">${n}</strong>`),
    );
    expect(rows[1]).toEqual([
      `温州市第4食品有限公司<br><span class="code">${uscc(4)}</span>`,
      '鹿城区 330302',
      '处罚信息公示 Penalty publicity<br><span class="code">温鹿市监罚〔2026〕131号</span>',
      '2026-09-24',
      '2026-10-29',
      '<strong class="bad">32</strong>',
      '<span class="code">PUB-45 Art. 2, 9</span>',
    ]);
    // An enterprise this run did not assess shows by its code alone.
    expect(rows[4][0]).toBe(`<span class="code">${uscc(41)}</span>`);
  });

  it('caps the overdue list and says how many were left out', () => {
    const many = Array.from({ length: CAPS.overdueCases + 25 }, (_, i) =>
      deadlineCase({
        kind: 'penalty_publicity',
        uscc: uscc(i % 40),
        region: '330302',
        recordId: `P-${String(i).padStart(4, '0')}`,
        openedOn: '2026-09-01',
        dueOn: '2026-09-29',
        state: 'overdue',
        daysLate: i,
      }),
    );
    const out = render({ cases: many });
    expect(out).toContain(`(${CAPS.overdueCases + 25})</h3>`);
    expect(out).toContain(`Showing the first ${CAPS.overdueCases} of ${CAPS.overdueCases + 25}.`);
    const shown = rowsAfter(out, 'Overdue cases');
    expect(shown).toHaveLength(CAPS.overdueCases);
    expect(shown[0][5]).toBe(`<strong class="bad">${CAPS.overdueCases + 24}</strong>`);
  });

  it('marks provisional due dates and explains them in a footnote', () => {
    // The fixture's open case due in 2027, whose calendar is not loaded.
    const open = rowsAfter(s, 'Open cases, soonest due first');
    expect(open.map((r) => r[4])).toEqual([
      '2026-11-30',
      '2027-01-13 <span class="chip provisional">暂定 provisional</span>',
    ]);
    expect(s).toContain(
      '1 case has a provisional due date: the holiday calendar of a year its period runs into is not loaded yet',
    );
    // An overdue case in a year without a calendar (a run early in 2027) is marked in the overdue list.
    const late = deadlineCase({
      kind: 'sampling_disposal',
      uscc: uscc(0),
      region: '330302',
      recordId: 'CY-2026-0400',
      openedOn: '2026-10-15',
      dueOn: '2027-01-13',
      state: 'overdue',
      daysLate: 7,
      provisional: true,
    });
    const out = render({ asOf: '2027-01-20', cases: [late], caseMetrics: [] });
    expect(rowsAfter(out, 'Overdue cases')[0][4]).toBe(
      '2027-01-13 <span class="chip provisional">暂定 provisional</span>',
    );
    expect(out).toContain('共 1 件案件的到期日为暂定');
  });

  it('has no footnote when no due date is provisional', () => {
    const out = render({ cases: fixture().cases?.filter((c) => !c.provisional) });
    expect(out).not.toContain('provisional');
  });

  it('escapes names, record ids and region names', () => {
    const evil: Case = deadlineCase({
      kind: 'penalty_publicity',
      uscc: uscc(3),
      region: '330302',
      recordId: '<img src=x onerror=alert(5)>',
      openedOn: '2026-09-24',
      dueOn: '2026-10-29',
      state: 'overdue',
      daysLate: 32,
    });
    const page = renderReport({ ...fixture(), cases: [evil], regionNames: { '330302': '<b>鹿城区</b>' } });
    const out = section(page) ?? '';
    expect(out).toContain(escapeHtml(XSS_NAME));
    expect(out).toContain(escapeHtml('<img src=x onerror=alert(5)>'));
    expect(out).toContain('&lt;b&gt;鹿城区&lt;/b&gt; 330302');
    expect(out).not.toMatch(/<script|<img|<b>/);
    expect(page.match(/<script\b/g)).toHaveLength(3);
  });

  it('says so when the run has no case, or the caller passed no metrics', () => {
    expect(render({ cases: [], caseMetrics: [] })).toContain('No deadline case in this run.');
    expect(render({ caseMetrics: undefined })).toContain('No timeliness metrics were passed for this period.');
    expect(render({ caseMetrics: [] })).toContain('No case fell due in this period before the as-of date.');
    expect(
      chartIds(renderReport({ ...fixture(), caseMetrics: [] })).some((id) => id.startsWith('chart-deadlines-')),
    ).toBe(false);
  });

  it('is absent without cases, leaving the page as it was before deadlines', () => {
    const page = renderReport({ ...fixture(), cases: undefined, caseMetrics: undefined });
    expect(section(page)).toBeNull();
    expect(page).not.toContain('#deadlines');
    expect(chartIds(page).some((id) => id.startsWith('chart-deadlines-'))).toBe(false);
    // Metrics without cases show nothing either: the cases decide whether the section exists.
    expect(section(renderReport({ ...fixture(), cases: undefined }))).toBeNull();
  });
});
