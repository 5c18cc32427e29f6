// /console/cases: the statutory-deadline work queue (GET /cases) of the caller's regions, overdue
// first, filtered by kind, state and district, and the timeliness rates of a period
// (GET /case-metrics). The API orders by district, then state, then due date; without a state
// filter the queue reads overdue cases first, then open ones, then the closed, page by page.
import type { TargetedSubmitEvent } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { api, ok } from '../api/client.ts';
import type { PageProps } from '../app.tsx';
import { latestRunAsOf } from '../components/latest-run.ts';
import {
  EnterpriseLink,
  ErrorView,
  Loaded,
  Loading,
  PageTitle,
  Section,
  TableWrap,
  useData,
} from '../components/ui.tsx';
import { day, num, percent } from '../format.ts';
import { t } from '../i18n.ts';
import { CASE_KINDS, CASE_STATES, caseKindLabel, caseStateLabel, districtsOf, regionLabel } from '../labels.ts';
import { navigate, withQuery } from '../router.tsx';

type CaseItem = Awaited<ReturnType<typeof casePage>>['items'][number];
type Kind = (typeof CASE_KINDS)[number];
type State = (typeof CASE_STATES)[number];

const PAGE = 50;
const PERIOD = /^\d{4}(-Q[1-4]|-(0[1-9]|1[0-2]))?$/;

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

interface Queue {
  items: CaseItem[];
  /** Where the next page starts: the state being read and its cursor; null when all is read. */
  next: { state: number; cursor: string | undefined } | null;
}

function pick<T extends string>(value: string | null, allowed: readonly T[]): T | undefined {
  return value !== null && (allowed as readonly string[]).includes(value) ? (value as T) : undefined;
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
  const submit = (e: TargetedSubmitEvent<HTMLFormElement>) => {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    const p = String(f.get('period') ?? '')
      .trim()
      .toUpperCase();
    navigate(
      withQuery('/cases', {
        kind: String(f.get('kind') ?? ''),
        state: String(f.get('state') ?? ''),
        region: String(f.get('region') ?? ''),
        period: PERIOD.test(p) ? p : '',
      }),
    );
  };
  return (
    <form class="filters" onSubmit={submit} aria-label={t('筛选', 'Filters')}>
      <div class="field">
        <label for="c-kind">{t('案件类型', 'Kind')}</label>
        <select id="c-kind" name="kind" value={kind ?? ''}>
          <option value="">{t('全部', 'All')}</option>
          {CASE_KINDS.map((k) => (
            <option key={k} value={k}>
              {caseKindLabel(k)}
            </option>
          ))}
        </select>
      </div>
      <div class="field">
        <label for="c-state">{t('状态', 'State')}</label>
        <select id="c-state" name="state" value={state ?? ''}>
          <option value="">{t('全部（逾期优先）', 'All (overdue first)')}</option>
          {CASE_STATES.map((s) => (
            <option key={s} value={s}>
              {caseStateLabel(s)}
            </option>
          ))}
        </select>
      </div>
      <div class="field">
        <label for="c-region">{t('区县', 'District')}</label>
        <select id="c-region" name="region" value={region ?? ''}>
          <option value="">{t('全部管辖区划', 'All your regions')}</option>
          {districts.map((d) => (
            <option key={d} value={d}>
              {regionLabel(d)}
            </option>
          ))}
        </select>
      </div>
      <div class="field">
        <label for="c-period">{t('时效统计期间', 'Timeliness period')}</label>
        <input id="c-period" name="period" type="text" value={period} size={9} />
      </div>
      <button type="submit" class="button">
        {t('筛选', 'Apply')}
      </button>
    </form>
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
              <TableWrap label={t('办理时效', 'Timeliness')}>
                <table>
                  <thead>
                    <tr>
                      <th scope="col">{t('区划', 'District')}</th>
                      <th scope="col">{t('案件类型', 'Kind')}</th>
                      <th scope="col" class="num">
                        {t('到期', 'Due')}
                      </th>
                      <th scope="col" class="num">
                        {t('按时', 'On time')}
                      </th>
                      <th scope="col" class="num">
                        {t('逾期办结', 'Late')}
                      </th>
                      <th scope="col" class="num">
                        {t('逾期未结', 'Overdue open')}
                      </th>
                      <th scope="col" class="num">
                        {t('按时率', 'Rate')}
                      </th>
                    </tr>
                  </thead>
                  <tbody>
                    {m.items.map((i) => (
                      <tr key={`${i.region}:${i.kind}`}>
                        <td class="nowrap">{regionLabel(i.region)}</td>
                        <td>{caseKindLabel(i.kind)}</td>
                        <td class="num">{num(i.due)}</td>
                        <td class="num">{num(i.onTime)}</td>
                        <td class="num">{num(i.late)}</td>
                        <td class="num">{num(i.overdueOpen)}</td>
                        <td class="num">{percent(i.rate)}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </TableWrap>
            </>
          );
        }}
      </Loaded>
    </Section>
  );
}

export function CaseTable({ items, label }: { items: CaseItem[]; label: string }) {
  return (
    <TableWrap label={label}>
      <table>
        <thead>
          <tr>
            <th scope="col">{t('状态', 'State')}</th>
            <th scope="col" class="num">
              {t('逾期天数', 'Days late')}
            </th>
            <th scope="col">{t('期限', 'Due')}</th>
            <th scope="col">{t('案件类型', 'Kind')}</th>
            <th scope="col">{t('企业', 'Enterprise')}</th>
            <th scope="col">{t('区划', 'District')}</th>
            <th scope="col">{t('起算', 'Opened')}</th>
            <th scope="col">{t('办结', 'Closed')}</th>
            <th scope="col">{t('记录 / 依据', 'Record / basis')}</th>
          </tr>
        </thead>
        <tbody>
          {items.map((c) => (
            <tr key={c.caseId}>
              <td>
                <span class={`state state-${c.state}`}>{caseStateLabel(c.state)}</span>
              </td>
              <td class="num">{c.daysLate > 0 ? num(c.daysLate) : '—'}</td>
              <td class="nowrap">
                {c.dueOn}
                {c.provisional ? <span class="small muted block">{t('暂定', 'provisional')}</span> : null}
              </td>
              <td>{caseKindLabel(c.kind)}</td>
              <td>
                <EnterpriseLink uscc={c.uscc} />
              </td>
              <td class="nowrap">{regionLabel(c.region)}</td>
              <td class="nowrap">{c.openedOn}</td>
              <td class="nowrap">{day(c.closedOn)}</td>
              <td class="small">
                <span class="mono block">{c.recordId}</span>
                <span class="mono muted">{c.basis}</span>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableWrap>
  );
}

export default function CasesPage({ query, claims }: PageProps) {
  const kind = pick(query.get('kind'), CASE_KINDS);
  const state = pick(query.get('state'), CASE_STATES);
  const regionRaw = query.get('region');
  const region = regionRaw && /^[1-9]\d{5}$/.test(regionRaw) ? regionRaw : undefined;
  const periodRaw = query.get('period');
  const [defaultPeriod, setDefaultPeriod] = useState<string | null>(null);
  useEffect(() => {
    if (periodRaw === null) latestRunAsOf().then(setDefaultPeriod);
  }, [periodRaw]);
  const period = periodRaw !== null && PERIOD.test(periodRaw) ? periodRaw : defaultPeriod;

  const states = state ? [state] : [...CASE_STATES];
  const [queue, setQueue] = useState<Queue>({ items: [], next: { state: 0, cursor: undefined } });
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<Error | null>(null);
  const key = `${kind ?? ''}|${state ?? ''}|${region ?? ''}`;

  // Reads pages until it has PAGE more items or the queue is read to its end.
  const more = async (from: Queue, live: () => boolean) => {
    setLoading(true);
    setError(null);
    let q = from;
    try {
      let added = 0;
      while (q.next !== null && added < PAGE) {
        const s = states[q.next.state] as State;
        const page = await casePage({
          state: s,
          ...(kind ? { kind } : {}),
          ...(region ? { region } : {}),
          ...(q.next.cursor ? { cursor: q.next.cursor } : {}),
        });
        added += page.items.length;
        const nextState = q.next.state + 1;
        q = {
          items: [...q.items, ...page.items],
          next: page.cursor
            ? { state: q.next.state, cursor: page.cursor }
            : nextState < states.length
              ? { state: nextState, cursor: undefined }
              : null,
        };
      }
      if (live()) setQueue(q);
    } catch (e) {
      if (live()) setError(e as Error);
    } finally {
      if (live()) setLoading(false);
    }
  };

  useEffect(() => {
    let alive = true;
    const start: Queue = { items: [], next: { state: 0, cursor: undefined } };
    setQueue(start);
    void more(start, () => alive);
    return () => {
      alive = false;
    };
  }, [key]);

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
          {queue.next === null ? ` · ${t('已全部显示', 'all shown')}` : ''}
        </p>
        {error ? <ErrorView error={error} /> : null}
        {queue.items.length > 0 ? <CaseTable items={queue.items} label={t('办理队列', 'Work queue')} /> : null}
        {loading ? <Loading /> : null}
        {!loading && queue.items.length === 0 && !error ? <p>{t('没有符合条件的案件。', 'No case matches.')}</p> : null}
        {queue.next !== null && !loading ? (
          <button type="button" class="button button-secondary" onClick={() => void more(queue, () => true)}>
            {t('加载更多', 'Load more')}
          </button>
        ) : null}
      </Section>
    </>
  );
}
