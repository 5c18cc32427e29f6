// The serious illegal-dishonest list (严重违法失信名单) and joint discipline: listings, person bars
// and the candidates fenji proposes, by region and in tables, with the measures' legend.
import { type Assessment, type DisciplineEntry, redactIds } from '@fenji/domain';
import { byCodePoint } from '../aggregate.ts';
import {
  capNote,
  downloads,
  enterpriseCell,
  gradeBadge,
  type RegionLabel,
  type SectionContext,
  tableOrEmpty,
} from '../blocks.ts';
import { CAPS } from '../caps.ts';
import { formatInt, type HtmlPart, h, type SafeHtml } from '../html.ts';
import { roleLabel, violationLabel } from '../labels.ts';

/** The list split by kind, and the candidates: the key figures count them too. */
export interface DisciplineLists {
  /** As given: its order numbers the measures. */
  entries: readonly DisciplineEntry[];
  listings: DisciplineEntry[];
  personBars: DisciplineEntry[];
  /** In region, then USCC order. */
  candidates: Assessment[];
}

export function disciplineLists(assessments: readonly Assessment[], list: readonly DisciplineEntry[]): DisciplineLists {
  return {
    entries: list,
    listings: list.filter((e) => e.kind === 'listing'),
    personBars: list.filter((e) => e.kind === 'person_bar'),
    candidates: assessments
      .filter((x) => x.listingCandidate !== null)
      .sort((x, y) => byCodePoint(x.region, y.region) || byCodePoint(x.uscc, y.uscc)),
  };
}

/** Measures are numbered M1, M2… in order of first appearance; the legend spells them out. */
type MeasureIndex = Map<string, { n: number; zh: string; en: string }>;

export function disciplineSection(lists: DisciplineLists, ctx: SectionContext): SafeHtml {
  const measures = measureIndex(lists.entries);
  return h`<section id="discipline"><h2>严重违法失信名单与联合惩戒 <span class="en">Serious illegal-dishonest list and joint discipline</span></h2>
${downloads(['discipline-list.xlsx', 'discipline-list.jsonl'], ctx)}
${regionChart(lists, ctx)}
${legend(measures)}
${listingsTable(lists.listings, measures, ctx.region)}
${personBarsTable(lists.personBars, measures, ctx.region)}
${candidatesTable(lists.candidates, ctx.region)}
</section>`;
}

function measureIndex(entries: readonly DisciplineEntry[]): MeasureIndex {
  const index: MeasureIndex = new Map();
  for (const e of entries) {
    for (const m of e.measures) {
      if (!index.has(m.code)) index.set(m.code, { n: index.size + 1, zh: m.zh, en: m.en });
    }
  }
  return index;
}

function legend(index: MeasureIndex): HtmlPart {
  if (index.size === 0) return '';
  const items = [...index.values()].map(
    (m) => h`<li><span class="chip">M${m.n}</span> ${m.zh} <span class="en">${m.en}</span></li>`,
  );
  return h`<div class="legend"><p><strong>联合惩戒措施 Joint-discipline measures (SDL-44 Art. 15)</strong></p><ul>${items}</ul></div>`;
}

function measuresCell(ms: DisciplineEntry['measures'], index: MeasureIndex): HtmlPart {
  return ms.map((m) => h`<span class="chip" title="${m.zh} ${m.en}">M${index.get(m.code)?.n ?? '?'}</span> `);
}

function personsCell(persons: DisciplineEntry['persons']): HtmlPart {
  if (persons.length === 0) return '—';
  // Only name, role and the masked ID are read, whatever else the object carries; the masked
  // value is redacted again in case a clear number was put there by mistake.
  return persons.map(
    (p) =>
      h`<div class="person">${p.name}（${roleLabel(p.role)}）<span class="code">${redactIds(String(p.idMasked))}</span></div>`,
  );
}

/** Newest first, capped. */
function latest(entries: readonly DisciplineEntry[]): DisciplineEntry[] {
  const byDate = (x: DisciplineEntry, y: DisciplineEntry) =>
    byCodePoint(y.listedOn, x.listedOn) || byCodePoint(x.uscc, y.uscc) || byCodePoint(x.recordId, y.recordId);
  return [...entries].sort(byDate).slice(0, CAPS.listings);
}

function listingsTable(listings: DisciplineEntry[], measures: MeasureIndex, region: RegionLabel): SafeHtml {
  const rows = latest(listings).map((e) => [
    enterpriseCell(e.name, e.uscc),
    region(e.region),
    e.recordId,
    violationLabel(e.violation),
    e.listedOn,
    e.expiresOn,
    personsCell(e.persons),
    measuresCell(e.measures, measures),
  ]);
  const headers = [
    '企业 Enterprise',
    '区域 Region',
    '处罚决定书文号 Decision no.',
    '违法行为 Violation',
    '列入日期 Listed on',
    '届满日期 Expires on',
    '相关人员 Persons',
    '惩戒措施 Measures',
  ];
  return h`<h3>严重违法失信名单 <span class="en">Serious listings</span> (${formatInt(listings.length)})</h3>
${tableOrEmpty(headers, rows, '名单中无有效条目。 No active listing.')}
${capNote(rows.length, listings.length)}`;
}

function personBarsTable(bars: DisciplineEntry[], measures: MeasureIndex, region: RegionLabel): SafeHtml {
  const rows = latest(bars).map((e) => [
    personsCell(e.persons),
    enterpriseCell(e.name, e.uscc),
    region(e.region),
    e.recordId,
    e.listedOn,
    e.expiresOn,
    measuresCell(e.measures, measures),
  ]);
  const headers = [
    '人员 Person',
    '企业 Enterprise',
    '区域 Region',
    '处罚决定书文号 Decision no.',
    '决定日期 Decided on',
    '限制届满 Bar expires on',
    '惩戒措施 Measures',
  ];
  return h`<h3>人员从业限制 <span class="en">Person bars (FSL Art. 135)</span> (${formatInt(bars.length)})</h3>
${tableOrEmpty(headers, rows, '无有效人员从业限制。 No active person bar.')}
${capNote(rows.length, bars.length)}`;
}

function candidatesTable(candidates: Assessment[], region: RegionLabel): SafeHtml {
  const rows = candidates
    .slice(0, CAPS.candidates)
    .map((x) => [
      enterpriseCell(x.name, x.uscc),
      region(x.region),
      gradeBadge(x.riskGrade),
      gradeBadge(x.creditClass),
      (x.listingCandidate?.recordIds ?? []).join('；'),
    ]);
  const headers = [
    '企业 Enterprise',
    '区域 Region',
    '风险等级 Risk grade',
    '信用风险分类 Credit class',
    '依据处罚决定 Penalty decisions',
  ];
  return h`<h3>拟列入 <span class="en">Listing candidates</span> (${formatInt(candidates.length)})</h3>
<p class="note">由系统提出，须经监管部门决定。 Proposed by fenji; a regulator decides.</p>
${tableOrEmpty(headers, rows, '无拟列入企业。 No candidate.')}
${capNote(rows.length, candidates.length)}`;
}

function regionChart(lists: DisciplineLists, ctx: SectionContext): HtmlPart {
  const counts = new Map<string, { listings: number; bars: number; candidates: number }>();
  const at = (r: string) => {
    let v = counts.get(r);
    if (!v) {
      v = { listings: 0, bars: 0, candidates: 0 };
      counts.set(r, v);
    }
    return v;
  };
  for (const e of lists.listings) at(e.region).listings++;
  for (const e of lists.personBars) at(e.region).bars++;
  for (const x of lists.candidates) at(x.region).candidates++;
  const codes = [...counts.keys()].sort(byCodePoint);
  if (codes.length === 0) return '';
  return ctx.charts.figure(
    {
      id: 'chart-discipline-region',
      title: '各区域严重违法失信名单与拟列入 Serious list and candidates by region',
      horizontal: false,
      stacked: false,
      integer: true,
      labels: codes.map(ctx.region),
      datasets: [
        {
          label: '严重违法失信名单 Serious listings',
          data: codes.map((r) => counts.get(r)?.listings ?? 0),
          colour: '#c62828',
        },
        {
          label: '拟列入 Listing candidates',
          data: codes.map((r) => counts.get(r)?.candidates ?? 0),
          colour: '#f0a000',
        },
        { label: '人员从业限制 Person bars', data: codes.map((r) => counts.get(r)?.bars ?? 0), colour: '#6a1b9a' },
      ],
      valueTitle: '条目数 Entries',
    },
    280,
  );
}
