// /console/enterprises/{uscc}: one enterprise's grade with every reason, its history, cases and
// records. An enterprise outside the caller's regions is the API's 404, shown exactly like one
// that does not exist.
import { api, ok, type Schemas } from '../api/client.ts';
import type { PageProps } from '../app.tsx';
import { CaseState, CreditBadge, GradeBadge, YesNo } from '../components/badges.tsx';
import { Table } from '../components/table.tsx';
import { Chart, Loaded, NotFound, Notice, PageTitle, Section, useData } from '../components/ui.tsx';
import { day, num } from '../format.ts';
import { lang, type Text, t, tx } from '../i18n.ts';
import {
  CASE_STATES,
  caseKindLabel,
  categoryLabel,
  GRADE_COLOURS,
  type Grade,
  recordTypeLabel,
  regionLabel,
  roleLabel,
  sectorLabel,
  violationLabel,
  word,
} from '../labels.ts';
import { Link } from '../router.tsx';

type Assessment = Schemas['AssessmentResponse'];
type Explanation = Schemas['Explanation'];
type Basis = Explanation['factors'][number]['basis'];
type RecordItem = Schemas['RecordsResponse']['records'][number];

const USCC = /^[0-9A-HJ-NPQRTUWXY]{18}$/;

/** The label in the chosen language, the other one under it (both are the API's), and its code. */
function Label({ label, code }: { label: Text; code?: string }) {
  const other = lang() === 'zh' ? label.en : label.zh;
  return (
    <>
      {tx(label)}
      <span class="small muted block" lang={lang() === 'zh' ? 'en' : 'zh-CN'}>
        {' '}
        {other}
      </span>
      {code ? <span class="mono small muted">{code}</span> : null}
    </>
  );
}

function BasisList({ basis, spec }: { basis: Basis; spec: string | null }) {
  if (basis.length === 0 && !spec) return <span class="muted">—</span>;
  return (
    <ul class="plain">
      {basis.map((b) => (
        <li key={b.ref}>
          <span class="mono">{b.ref}</span>
          {b.instrument ? <span class="small"> {b.instrument}</span> : null}
        </li>
      ))}
      {spec ? <li class="small muted">grading-model.md {spec}</li> : null}
    </ul>
  );
}

function RecordIds({ ids }: { ids: string[] }) {
  if (ids.length === 0) return <span class="muted">—</span>;
  return (
    <span class="mono small">
      {ids.map((id, i) => (
        <span key={id}>
          {i > 0 ? ', ' : ''}
          <a href={`#record-${encodeURIComponent(id)}`}>{id}</a>
        </span>
      ))}
    </span>
  );
}

function Summary({ a }: { a: Assessment }) {
  return (
    <Section title={t('评定结果', 'Result')} id="result">
      <dl class="facts">
        <dt>{t('统一社会信用代码', 'Unified social credit code')}</dt>
        <dd class="mono">{a.uscc}</dd>
        <dt>{t('所在区划', 'Region')}</dt>
        <dd>
          <Link to={`/regions/${a.region}`}>{regionLabel(a.region)}</Link>
        </dd>
        <dt>{t('业态 / 类别', 'Sector / category')}</dt>
        <dd>
          {sectorLabel(a.sector)} / {categoryLabel(a.category)} <span class="mono small muted">{a.category}</span>
        </dd>
        <dt>{t('风险等级', 'Risk grade')}</dt>
        <dd>
          <GradeBadge grade={a.riskGrade} />{' '}
          <span class="small">
            {t('风险分值', 'risk score')} {num(a.riskScore)} · {t('基础等级', 'base grade')} {a.baseGrade} ·{' '}
            {t('静态', 'static')} {num(a.staticScore)} + {t('动态', 'dynamic')} {num(a.dynamicScore)} +{' '}
            {t('信用', 'credit')} {num(a.creditScore)}
          </span>
        </dd>
        <dt>{t('信用风险分类', 'Credit class')}</dt>
        <dd>
          <CreditBadge grade={a.creditClass} />
        </dd>
        <dt>{t('重点监督检查', 'Key inspection')}</dt>
        <dd>
          <YesNo value={a.keyInspection} />
        </dd>
        <dt>{t('年检查频次', 'Inspections per year')}</dt>
        <dd>{num(a.inspectionsPerYear)}</dd>
        <dt>{t('检查逾期', 'Inspection overdue')}</dt>
        <dd>
          <YesNo value={a.inspectionOverdue} />
        </dd>
        <dt>{t('严重违法失信名单', 'Serious illegal-dishonest list')}</dt>
        <dd>
          {a.seriousListing ? (
            <>
              <strong class="flag-yes flag-bad">{t('已列入', 'listed')}</strong> {a.seriousListing.listedOn} –{' '}
              {a.seriousListing.expiresOn} <RecordIds ids={[a.seriousListing.recordId]} />
            </>
          ) : (
            <span class="flag-no">{t('未列入', 'not listed')}</span>
          )}
        </dd>
        <dt>{t('列入候选', 'Listing candidate')}</dt>
        <dd>
          {a.listingCandidate ? (
            <>
              <strong class="flag-yes">{t('是', 'yes')}</strong> <RecordIds ids={a.listingCandidate.recordIds} />
            </>
          ) : (
            <span class="flag-no">{t('否', 'no')}</span>
          )}
        </dd>
        <dt>{t('评定日期 / 规则', 'Graded as of / rules')}</dt>
        <dd>
          {a.asOf} · {a.explanation.ruleSet ? a.explanation.ruleSet.title : a.rulesVersion}{' '}
          <span class="mono small muted">{a.rulesVersion}</span>
        </dd>
        <dt>{t('下次可能变化', 'Next possible change')}</dt>
        <dd>{day(a.nextChangeOn)}</dd>
        <dt>{t('评定批次', 'Run')}</dt>
        <dd class="mono small">{a.runId}</dd>
      </dl>
    </Section>
  );
}

function Factors({ e, total }: { e: Explanation; total: number }) {
  return (
    <Section title={t('风险分值构成', 'How the risk score is made')} id="factors">
      <Table
        label={t('评分因素', 'Factors')}
        rows={e.factors}
        rowKey={(f) => f.code}
        columns={[
          { head: t('因素', 'Factor'), cell: (f) => <Label label={f.label} code={f.code} /> },
          { head: t('分值', 'Points'), class: 'num', cell: (f) => num(f.points) },
          { head: t('依据记录', 'Records'), cell: (f) => <RecordIds ids={f.recordIds} /> },
          { head: t('法律依据', 'Legal basis'), cell: (f) => <BasisList basis={f.basis} spec={f.spec} /> },
        ]}
        foot={
          <tr>
            <th scope="row">{t('风险分值合计', 'Risk score')}</th>
            <td class="num">
              <strong>{num(total)}</strong>
            </td>
            <td colSpan={2} />
          </tr>
        }
      />
    </Section>
  );
}

function Adjustments({ e }: { e: Explanation }) {
  return (
    <Section title={t('等级调整与信用分类理由', 'Adjustments and credit reasons')} id="reasons">
      <h3>{t('等级调整', 'Grade adjustments')}</h3>
      <Table
        label={t('等级调整', 'Grade adjustments')}
        rows={e.adjustments}
        rowKey={(_, i) => i}
        empty={<p class="muted">{t('无调整。', 'None.')}</p>}
        columns={[
          {
            head: t('调整', 'Adjustment'),
            cell: (a) => (
              <>
                <Label label={a.label} />
                <span class="small">
                  {word(a.kind)}
                  {a.kind !== 'force_d' ? ` ${a.levels} ${t('级', a.levels === 1 ? 'level' : 'levels')}` : ''}
                </span>
              </>
            ),
          },
          {
            head: t('理由', 'Reasons'),
            cell: (a) => (
              <ul class="plain">
                {a.reasons.map((r) => (
                  <li key={r.code}>
                    <Label label={r.label} />
                  </li>
                ))}
              </ul>
            ),
          },
          { head: t('依据记录', 'Records'), cell: (a) => <RecordIds ids={a.recordIds} /> },
          {
            head: t('法律依据', 'Legal basis'),
            cell: (a) => <BasisList basis={[...a.basis, ...a.reasons.flatMap((r) => r.basis)]} spec={a.spec} />,
          },
        ]}
      />
      <h3>{t('信用风险分类理由', 'Credit class reasons')}</h3>
      <Table
        label={t('信用风险分类理由', 'Credit class reasons')}
        rows={e.creditReasons}
        rowKey={(r) => r.code}
        empty={<p class="muted">{t('无。', 'None.')}</p>}
        columns={[
          { head: t('理由', 'Reason'), cell: (r) => <Label label={r.label} code={r.code} /> },
          { head: t('法律依据', 'Legal basis'), cell: (r) => <BasisList basis={r.basis} spec={r.spec} /> },
        ]}
      />
      {e.warnings.length > 0 ? (
        <>
          <h3>{t('提示', 'Warnings')}</h3>
          <ul>
            {e.warnings.map((w) => (
              <li key={`${w.code}:${w.recordIds.join(',')}`}>
                <Label label={w.label} /> <span class="small muted">{w.message}</span> <RecordIds ids={w.recordIds} />
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </Section>
  );
}

const GRADE_VALUE: Record<Grade, number> = { A: 1, B: 2, C: 3, D: 4 };

function History({ uscc }: { uscc: string }) {
  const data = useData(
    async () =>
      ok(
        await api().GET('/enterprises/{uscc}/assessments', {
          params: { path: { uscc }, query: { limit: 100 } },
        }),
      ),
    [uscc],
  );
  return (
    <Section title={t('评定历史', 'History')} id="history">
      <Loaded data={data}>
        {(page) => {
          const items = [...page.items].reverse();
          if (items.length === 0) return <p class="muted">{t('暂无历史。', 'No history yet.')}</p>;
          const labels = items.map((h) => h.asOf);
          return (
            <>
              <Chart
                label={t(
                  `风险等级与信用分类随时间变化，共 ${items.length} 次评定，数据见下表`,
                  `Risk grade and credit class over time, ${items.length} assessments; the table below has the data`,
                )}
                spec={{
                  type: 'line',
                  labels,
                  datasets: [
                    {
                      label: t('风险等级', 'Risk grade'),
                      data: items.map((h) => GRADE_VALUE[h.riskGrade]),
                      colour: GRADE_COLOURS.D,
                    },
                    {
                      label: t('信用风险分类', 'Credit class'),
                      data: items.map((h) => GRADE_VALUE[h.creditClass]),
                      colour: GRADE_COLOURS.B,
                    },
                  ],
                  yMin: 1,
                  yMax: 4,
                  yTicks: (v) => ['', 'A', 'B', 'C', 'D'][v] ?? '',
                }}
              />
              <Table
                label={t('评定历史', 'History')}
                rows={page.items}
                rowKey={(h) => `${h.asOf}:${h.runId}`}
                columns={[
                  { head: t('评定日期', 'As of'), class: 'nowrap', cell: (h) => h.asOf },
                  { head: t('风险等级', 'Risk grade'), cell: (h) => <GradeBadge grade={h.riskGrade} /> },
                  { head: t('风险分值', 'Score'), class: 'num', cell: (h) => num(h.riskScore) },
                  { head: t('信用风险分类', 'Credit class'), cell: (h) => <CreditBadge grade={h.creditClass} /> },
                  { head: t('重点监督检查', 'Key inspection'), cell: (h) => <YesNo value={h.keyInspection} /> },
                  { head: t('评定批次', 'Run'), class: 'mono small', cell: (h) => h.runId },
                ]}
              />
              {page.cursor ? <p class="muted small">{t('仅显示最近 100 次。', 'The latest 100 only.')}</p> : null}
            </>
          );
        }}
      </Loaded>
    </Section>
  );
}

function Cases({ uscc }: { uscc: string }) {
  const data = useData(
    async () => ok(await api().GET('/enterprises/{uscc}/cases', { params: { path: { uscc } } })),
    [uscc],
  );
  return (
    <Section title={t('时限案件', 'Deadline cases')} id="cases">
      <Loaded data={data}>
        {(page) => {
          const order = (s: string) => CASE_STATES.indexOf(s as (typeof CASE_STATES)[number]);
          const items = [...page.items].sort((a, b) => order(a.state) - order(b.state) || (a.dueOn < b.dueOn ? -1 : 1));
          return (
            <Table
              label={t('时限案件', 'Deadline cases')}
              rows={items}
              rowKey={(c) => c.caseId}
              empty={<p class="muted">{t('无案件。', 'No cases.')}</p>}
              columns={[
                { head: t('类型', 'Kind'), cell: (c) => caseKindLabel(c.kind) },
                { head: t('状态', 'State'), cell: (c) => <CaseState state={c.state} /> },
                { head: t('起算', 'Opened'), class: 'nowrap', cell: (c) => c.openedOn },
                {
                  head: t('期限', 'Due'),
                  class: 'nowrap',
                  cell: (c) => (
                    <>
                      {c.dueOn}
                      {c.provisional ? <span class="small muted"> {t('（暂定）', '(provisional)')}</span> : null}
                    </>
                  ),
                },
                { head: t('办结', 'Closed'), class: 'nowrap', cell: (c) => day(c.closedOn) },
                {
                  head: t('逾期天数', 'Days late'),
                  class: 'num',
                  cell: (c) => (c.daysLate > 0 ? num(c.daysLate) : '—'),
                },
                { head: t('记录', 'Record'), cell: (c) => <RecordIds ids={[c.recordId]} /> },
                { head: t('依据', 'Basis'), class: 'mono small', cell: (c) => c.basis },
              ]}
            />
          );
        }}
      </Loaded>
    </Section>
  );
}

function recordDate(r: RecordItem): string {
  switch (r.type) {
    case 'inspection':
      return r.inspectedOn;
    case 'penalty':
      return r.decidedOn;
    case 'sampling':
      return r.sampledOn;
    case 'disposal':
      return r.startedOn;
    case 'repair':
      return r.appliedOn;
  }
}

function recordId(r: RecordItem): string {
  return r.type === 'disposal' ? r.samplingRecordId : r.recordId;
}

function RecordDetails({ r }: { r: RecordItem }) {
  switch (r.type) {
    case 'inspection':
      return (
        <>
          {word(r.kind)} · {word(r.scope)} · {word(r.result)}
          <span class="small">
            {' '}
            · {t('关键项不符合', 'key items failed')} {r.keyItemsFailed} · {t('一般项不符合', 'general items failed')}{' '}
            {r.generalItemsFailed}
          </span>
          {r.inspectors.length > 0 ? (
            <span class="small muted block">
              {t('检查人员', 'Inspectors')}: {r.inspectors.join(', ')}
            </span>
          ) : null}
        </>
      );
    case 'penalty':
      return (
        <>
          {violationLabel(r.violation)} · {word(r.procedure)} · {r.measures.map(word).join('、')}
          {r.fineYuan > 0 ? ` · ${t('罚款', 'fine')} ¥${num(r.fineYuan)}` : ''}
          {r.seriousListing ? (
            <strong class="flag-bad"> · {t('列入严重违法失信名单', 'serious listing')}</strong>
          ) : null}
          {r.publishedOn ? (
            <span class="small block">
              {t('公示', 'published')} {r.publishedOn}
            </span>
          ) : null}
          {r.persons.length > 0 ? (
            <span class="small block">
              {r.persons.map((p) => (
                <span key={`${p.name}${p.id.masked}`} class="block">
                  {roleLabel(p.role)}: {p.name} <span class="mono">{p.id.masked}</span>
                </span>
              ))}
            </span>
          ) : null}
        </>
      );
    case 'sampling':
      return (
        <>
          {r.product} · {word(r.kind)} · {word(r.level)} ·{' '}
          <strong class={r.result === 'fail' ? 'flag-bad' : ''}>{word(r.result)}</strong>
          {r.hazard ? ` · ${r.hazard}` : ''}
          {r.recheckResult ? (
            <span class="small block">
              {t('复检', 're-test')}: {word(r.recheckResult)} {r.recheckConcludedOn ?? ''}
            </span>
          ) : null}
        </>
      );
    case 'disposal':
      return (
        <>
          {r.actions.map(word).join('、')}
          <span class="small block">
            {t('完成', 'completed')} {day(r.completedOn)}
          </span>
        </>
      );
    case 'repair':
      return (
        <>
          {t('处罚', 'penalty')} <span class="mono">{r.penaltyRecordId}</span> · {t('受理', 'accepted')}{' '}
          {day(r.acceptedOn)} · {t('决定', 'decided')} {day(r.decidedOn)} {r.decision ? word(r.decision) : ''}
        </>
      );
  }
}

function Records({ uscc }: { uscc: string }) {
  const data = useData(
    async () => ok(await api().GET('/enterprises/{uscc}/records', { params: { path: { uscc } } })),
    [uscc],
  );
  return (
    <Section title={t('监管记录', 'Records')} id="records">
      <Loaded data={data}>
        {(r) => (
          <>
            <dl class="facts">
              <dt>{t('许可日期', 'Licensed on')}</dt>
              <dd>{r.enterprise.licensedOn}</dd>
              <dt>{t('法定代表人', 'Legal representative')}</dt>
              <dd>
                {r.enterprise.legalRepName ?? '—'}{' '}
                {r.enterprise.legalRepId ? <span class="mono">{r.enterprise.legalRepId.masked}</span> : null}
              </dd>
            </dl>
            <Table
              label={t('监管记录', 'Records')}
              rows={r.records}
              rowKey={(rec) => `${rec.type}:${recordId(rec)}`}
              rowId={(rec) => `record-${recordId(rec)}`}
              empty={<p class="muted">{t('无记录。', 'No records.')}</p>}
              columns={[
                { head: t('日期', 'Date'), class: 'nowrap', cell: recordDate },
                { head: t('类型', 'Type'), class: 'nowrap', cell: (rec) => recordTypeLabel(rec.type) },
                { head: t('编号', 'Record'), class: 'mono small', cell: recordId },
                { head: t('内容', 'Details'), cell: (rec) => <RecordDetails r={rec} /> },
                {
                  head: t('计入因素', 'Counted by'),
                  class: 'mono small',
                  cell: (rec) => (rec.factors.length > 0 ? rec.factors.join(', ') : '—'),
                },
                {
                  head: t('状态', 'Status'),
                  cell: (rec) => (
                    <>
                      {word(rec.status)} <span class="small muted">v{rec.version}</span>
                    </>
                  ),
                },
              ]}
            />
          </>
        )}
      </Loaded>
    </Section>
  );
}

export default function EnterprisePage({ params }: PageProps) {
  const uscc = (params.uscc ?? '').toUpperCase();
  const valid = USCC.test(uscc);
  const data = useData(async () => {
    if (!valid) return null;
    // Looked up first with GET /enterprises?q={uscc}: an empty answer (never a 404) for one that
    // does not exist or lies outside the caller's regions, so the not-found page costs no 404.
    const found = ok(await api().GET('/enterprises', { params: { query: { q: uscc, limit: 1 } } }));
    const item = found.items.find((e) => e.uscc === uscc);
    if (!item) return null;
    if (item.riskGrade === null) return { item };
    return ok(await api().GET('/enterprises/{uscc}/assessment', { params: { path: { uscc } } }));
  }, [uscc]);
  // Loading, what went wrong, or no such enterprise of the caller's regions.
  if (data.status !== 'ok' || data.data === null)
    return (
      <>
        <PageTitle title={t('企业', 'Enterprise')} />
        {valid ? <Loaded data={data}>{() => <NotFound />}</Loaded> : <NotFound />}
      </>
    );
  if ('item' in data.data)
    return (
      <>
        <PageTitle title={data.data.item.name} sub={<span class="mono">{data.data.item.uscc}</span>} />
        <Notice role="status">
          <p>{t('该企业尚未评定。', 'This enterprise has not been graded yet.')}</p>
        </Notice>
      </>
    );
  const a = data.data;
  return (
    <>
      <PageTitle
        title={a.name}
        sub={
          <>
            <span class="mono">{a.uscc}</span> · {regionLabel(a.region)} · {categoryLabel(a.category)}
          </>
        }
      />
      <nav class="toc" aria-label={t('本页内容', 'On this page')}>
        <a href="#factors">{t('分值构成', 'Score')}</a> <a href="#reasons">{t('调整与理由', 'Reasons')}</a>{' '}
        <a href="#history">{t('历史', 'History')}</a> <a href="#cases">{t('案件', 'Cases')}</a>{' '}
        <a href="#records">{t('记录', 'Records')}</a>
      </nav>
      <Summary a={a} />
      <Factors e={a.explanation} total={a.riskScore} />
      <Adjustments e={a.explanation} />
      <History uscc={a.uscc} />
      <Cases uscc={a.uscc} />
      <Records uscc={a.uscc} />
    </>
  );
}
