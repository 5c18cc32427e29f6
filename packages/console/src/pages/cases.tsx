// /console/cases: the statutory-deadline work queue (GET /cases) of the caller's regions, overdue
// first, filtered by kind, state and district, and the timeliness rates of a period
// (GET /case-metrics). The API orders by district, then state, then due date; without a state
// filter the queue reads overdue cases first, then open ones, then the closed, page by page.
import { useEffect, useState } from 'preact/hooks';
import { api, ok } from '../api/client.ts';
import type { PageProps } from '../app.tsx';
import { CaseState } from '../components/badges.tsx';
import { Field, FilterForm, SelectField } from '../components/form.tsx';
import { latestRunAsOf } from '../components/latest-run.ts';
import { type Page, PagedList, usePaged } from '../components/paged.tsx';
import { Table } from '../components/table.tsx';
import { EnterpriseLink, Loaded, Loading, PageTitle, Section, useData } from '../components/ui.tsx';
import { day, num, PERIOD, percent } from '../format.ts';
import { t } from '../i18n.ts';
import {
  CASE_KINDS,
  CASE_STATES,
  caseKindLabel,
  caseStateLabel,
  districtsOf,
  oneOf,
  REGION_CODE,
  regionLabel,
} from '../labels.ts';
import { withQuery } from '../router.tsx';

type CaseItem = Awaited<ReturnType<typeof casePage>>['items'][number];
type Kind = (typeof CASE_KINDS)[number];
type State = (typeof CASE_STATES)[number];

const PAGE = 50;

async function casePage(query: { kind?: Kind; state: State; region?: string; cursor?: string }) {
  return ok(
    await api().GET('/cases', {
      params: {
        query: {
          limit: PAGE,
          state: query.state,
          ...(query.kind ? { kind: query.kind } : {}),
          ...(query.region ? { region: query.region } : {}),
          ...(query.cursor ? { cursor: query.cursor } : {}),
        },
      },
    }),
  );
}

/** Where the queue's next page starts: the state being read and its cursor. */
interface QueueCursor {
  state: number;
  cursor: string | undefined;
}

function Filters({
  kind,
  state,
  region,
  period,
  districts,
}: {
  kind: Kind | undefined;
  state: State | undefined;
  region: string | undefined;
  period: string;
  districts: string[];
}) {
  const to = (fields: Record<string, string>) => {
    const p = (fields.period ?? '').trim().toUpperCase();
    return withQuery('/cases', { ...fields, period: PERIOD.test(p) ? p : '' });
  };
  return (
    <FilterForm to={to}>
      <SelectField
        id="c-kind"
        label={t('案件类型', 'Kind')}
        name="kind"
        value={kind}
        options={CASE_KINDS}
        optionLabel={caseKindLabel}
      />
      <SelectField
        id="c-state"
        label={t('状态', 'State')}
        name="state"
        value={state}
        all={t('全部（逾期优先）', 'All (overdue first)')}
        options={CASE_STATES}
        optionLabel={caseStateLabel}
      />
      <SelectField
        id="c-region"
        label={t('区县', 'District')}
        name="region"
        value={region}
        all={t('全部管辖区划', 'All your regions')}
        options={districts}
        optionLabel={regionLabel}
      />
      <Field id="c-period" label={t('时效统计期间', 'Timeliness period')}>
        <input id="c-period" name="period" type="text" value={period} size={9} />
      </Field>
    </FilterForm>
  );
}

function Metrics({ period, region }: { period: string; region: string | undefined }) {
  const data = useData(
    async () => ok(await api().GET('/case-metrics', { params: { query: { period, ...(region ? { region } : {}) } } })),
    [period, region],
  );
  return (
    <Section title={t(`办理时效 ${period}`, `Timeliness ${period}`)} id="metrics">
      <Loaded data={data}>
        {(m) => {
          if (m.items.length === 0) return <p>{t('本期间没有到期的案件。', 'No case fell due in this period.')}</p>;
          const due = m.items.reduce((n, i) => n + i.due, 0);
          const onTime = m.items.reduce((n, i) => n + i.onTime, 0);
          return (
            <>
              <p>
                {t('截至', 'As of')} {m.asOf} · {t('到期', 'due')} <strong>{num(due)}</strong> · {t('按时', 'on time')}{' '}
                <strong>{num(onTime)}</strong> · {t('按时率', 'rate')}{' '}
                <strong>{percent(due === 0 ? null : onTime / due)}</strong>
              </p>
              <Table
                label={t('办理时效', 'Timeliness')}
                rows={m.items}
                rowKey={(i) => `${i.region}:${i.kind}`}
                columns={[
                  { head: t('区划', 'District'), class: 'nowrap', cell: (i) => regionLabel(i.region) },
                  { head: t('案件类型', 'Kind'), cell: (i) => caseKindLabel(i.kind) },
                  { head: t('到期', 'Due'), class: 'num', cell: (i) => num(i.due) },
                  { head: t('按时', 'On time'), class: 'num', cell: (i) => num(i.onTime) },
                  { head: t('逾期办结', 'Late'), class: 'num', cell: (i) => num(i.late) },
                  { head: t('逾期未结', 'Overdue open'), class: 'num', cell: (i) => num(i.overdueOpen) },
                  { head: t('按时率', 'Rate'), class: 'num', cell: (i) => percent(i.rate) },
                ]}
              />
            </>
          );
        }}
      </Loaded>
    </Section>
  );
}

function CaseTable({ items }: { items: CaseItem[] }) {
  return (
    <Table
      label={t('办理队列', 'Work queue')}
      rows={items}
      rowKey={(c) => c.caseId}
      columns={[
        { head: t('状态', 'State'), cell: (c) => <CaseState state={c.state} /> },
        { head: t('逾期天数', 'Days late'), class: 'num', cell: (c) => (c.daysLate > 0 ? num(c.daysLate) : '—') },
        {
          head: t('期限', 'Due'),
          class: 'nowrap',
          cell: (c) => (
            <>
              {c.dueOn}
              {c.provisional ? <span class="small muted block">{t('暂定', 'provisional')}</span> : null}
            </>
          ),
        },
        { head: t('案件类型', 'Kind'), cell: (c) => caseKindLabel(c.kind) },
        { head: t('企业', 'Enterprise'), cell: (c) => <EnterpriseLink uscc={c.uscc} /> },
        { head: t('区划', 'District'), class: 'nowrap', cell: (c) => regionLabel(c.region) },
        { head: t('起算', 'Opened'), class: 'nowrap', cell: (c) => c.openedOn },
        { head: t('办结', 'Closed'), class: 'nowrap', cell: (c) => day(c.closedOn) },
        {
          head: t('记录 / 依据', 'Record / basis'),
          class: 'small',
          cell: (c) => (
            <>
              <span class="mono block">{c.recordId}</span>
              <span class="mono muted">{c.basis}</span>
            </>
          ),
        },
      ]}
    />
  );
}

export default function CasesPage({ query, claims }: PageProps) {
  const kind = oneOf(CASE_KINDS, query.get('kind'));
  const state = oneOf(CASE_STATES, query.get('state'));
  const regionRaw = query.get('region');
  const region = regionRaw && REGION_CODE.test(regionRaw) ? regionRaw : undefined;
  const periodRaw = query.get('period');
  const [defaultPeriod, setDefaultPeriod] = useState<string | null>(null);
  useEffect(() => {
    if (periodRaw === null) latestRunAsOf().then(setDefaultPeriod);
  }, [periodRaw]);
  const period = periodRaw !== null && PERIOD.test(periodRaw) ? periodRaw : defaultPeriod;

  const states = state ? [state] : [...CASE_STATES];
  // A page of the queue is PAGE cases or the rest: it reads on through the states in order.
  const queuePage = async (from: QueueCursor | undefined): Promise<Page<CaseItem, QueueCursor>> => {
    const items: CaseItem[] = [];
    let next: QueueCursor | null = from ?? { state: 0, cursor: undefined };
    while (next !== null && items.length < PAGE) {
      const page = await casePage({
        state: states[next.state] as State,
        ...(kind ? { kind } : {}),
        ...(region ? { region } : {}),
        ...(next.cursor ? { cursor: next.cursor } : {}),
      });
      items.push(...page.items);
      next = page.cursor
        ? { state: next.state, cursor: page.cursor }
        : next.state + 1 < states.length
          ? { state: next.state + 1, cursor: undefined }
          : null;
    }
    return { items, cursor: next };
  };
  const queue = usePaged(queuePage, [kind, state, region]);

  const overdue = queue.items.filter((c) => c.state === 'overdue').length;
  return (
    <>
      <PageTitle
        title={t('时限案件', 'Deadline cases')}
        sub={t(
          '法定期限的办理队列：抽检不合格核查处置、处罚信息公示、信用修复受理与决定',
          'The statutory-deadline work queue: disposal of failed samples, penalty publicity, credit-repair acceptance and decision',
        )}
      />
      <Filters
        kind={kind}
        state={state}
        region={region}
        period={period ?? ''}
        districts={districtsOf(claims.regions)}
      />
      {period ? <Metrics period={period} region={region} /> : <Loading />}
      <Section title={t('办理队列', 'Work queue')} id="queue">
        <p aria-live="polite">
          {t('已显示', 'Showing')} <strong>{num(queue.items.length)}</strong> {t('件', 'cases')}
          {overdue > 0 ? (
            <>
              {' '}
              · {t('其中逾期', 'overdue')} <strong class="flag-bad">{num(overdue)}</strong>
            </>
          ) : null}
          {queue.done ? ` · ${t('已全部显示', 'all shown')}` : ''}
        </p>
        <PagedList list={queue} empty={<p>{t('没有符合条件的案件。', 'No case matches.')}</p>}>
          {(items) => <CaseTable items={items} />}
        </PagedList>
      </Section>
    </>
  );
}
