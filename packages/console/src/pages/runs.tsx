// /console/runs and /console/runs/{runId}: grading runs newest first (GET /runs), and one run's
// state, counts and failures within the caller's regions (GET /runs/{runId}).
import { useEffect, useState } from 'preact/hooks';
import { api, ok, type Schemas } from '../api/client.ts';
import type { PageProps } from '../app.tsx';
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
import { instant, num } from '../format.ts';
import { t } from '../i18n.ts';
import { word } from '../labels.ts';
import { Link } from '../router.tsx';

type Run = Schemas['RunSummary'];

function RunState({ state }: { state: Run['state'] }) {
  const css = state === 'finished' ? 'state-closed_on_time' : state === 'running' ? '' : 'state-overdue';
  return <span class={`state ${css}`}>{word(state)}</span>;
}

function RunDetail({ runId }: { runId: string }) {
  const data = useData(async () => ok(await api().GET('/runs/{runId}', { params: { path: { runId } } })), [runId]);
  return (
    <Section title={`${t('批次', 'Run')} ${runId}`} id="run">
      <Loaded data={data}>
        {(run) => (
          <>
            <dl class="facts">
              <dt>{t('状态', 'State')}</dt>
              <dd>
                <RunState state={run.state} /> {run.regrade ? t('（历史重评）', '(re-grade of a past date)') : ''}
              </dd>
              <dt>{t('类型 / 评定日期', 'Kind / as of')}</dt>
              <dd>
                {word(run.kind)} · {run.asOf}
              </dd>
              <dt>{t('开始', 'Started')}</dt>
              <dd>{instant(run.startedAt)}</dd>
              <dt>{t('结束', 'Finished')}</dt>
              <dd>{instant(run.finishedAt)}</dd>
              <dt>{t('分片', 'Shards')}</dt>
              <dd>
                {num(run.shardsDone)} / {num(run.shards)} · {t('企业', 'enterprises')} {num(run.enterprises)}
              </dd>
            </dl>
            <ul class="stats">
              <li>
                <span class="value">{num(run.counts.graded)}</span>
                <span class="label">{t('已评定', 'Graded')}</span>
              </li>
              <li>
                <span class="value">{num(run.counts.changed)}</span>
                <span class="label">{t('结果变化', 'Changed')}</span>
              </li>
              <li>
                <span class="value">{num(run.counts.unchanged)}</span>
                <span class="label">{t('未变化', 'Unchanged')}</span>
              </li>
              <li>
                <span class="value">{num(run.counts.events)}</span>
                <span class="label">{t('变更事件', 'Events')}</span>
              </li>
              <li>
                <span class="value">{num(run.counts.failures)}</span>
                <span class="label">{t('失败', 'Failures')}</span>
              </li>
              <li>
                <span class="value">{num(run.counts.orphans)}</span>
                <span class="label">{t('暂无主体档案', 'Orphans')}</span>
              </li>
            </ul>
            <h3>{t('失败（您的管辖区划）', 'Failures (your regions)')}</h3>
            {run.failures.length === 0 ? (
              <p>{t('无。', 'None.')}</p>
            ) : (
              <TableWrap label={t('失败', 'Failures')}>
                <table>
                  <thead>
                    <tr>
                      <th scope="col">{t('企业', 'Enterprise')}</th>
                      <th scope="col">{t('原因', 'Reason')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {run.failures.map((f) => (
                      <tr key={f.uscc}>
                        <td>
                          <EnterpriseLink uscc={f.uscc} />
                        </td>
                        <td>{f.reason}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </TableWrap>
            )}
            {run.failuresOutsideScope > 0 ? (
              <p class="muted">
                {t(
                  `另有 ${run.failuresOutsideScope} 个失败在您的管辖区划之外。`,
                  `${run.failuresOutsideScope} more failures lie outside your regions.`,
                )}
              </p>
            ) : null}
          </>
        )}
      </Loaded>
    </Section>
  );
}

function RunList({ selected }: { selected: string | undefined }) {
  const [runs, setRuns] = useState<Run[]>([]);
  const [cursor, setCursor] = useState<string | null | undefined>(undefined);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<Error | null>(null);
  const load = async (from: string | undefined) => {
    setLoading(true);
    try {
      const page = ok(
        await api().GET('/runs', { params: { query: { limit: 20, ...(from ? { cursor: from } : {}) } } }),
      );
      setRuns((r) => [...r, ...page.items]);
      setCursor(page.cursor);
    } catch (e) {
      setError(e as Error);
    } finally {
      setLoading(false);
    }
  };
  useEffect(() => {
    void load(undefined);
  }, []);
  return (
    <Section title={t('评定批次（最新在前）', 'Grading runs (newest first)')} id="runs">
      {error ? <ErrorView error={error} /> : null}
      {runs.length === 0 && !loading && !error ? <p>{t('还没有评定批次。', 'No runs yet.')}</p> : null}
      {runs.length > 0 ? (
        <TableWrap label={t('评定批次', 'Grading runs')}>
          <table>
            <thead>
              <tr>
                <th scope="col">{t('批次', 'Run')}</th>
                <th scope="col">{t('类型', 'Kind')}</th>
                <th scope="col">{t('评定日期', 'As of')}</th>
                <th scope="col">{t('状态', 'State')}</th>
                <th scope="col">{t('开始', 'Started')}</th>
                <th scope="col">{t('结束', 'Finished')}</th>
                <th scope="col" class="num">
                  {t('评定', 'Graded')}
                </th>
                <th scope="col" class="num">
                  {t('变化', 'Changed')}
                </th>
                <th scope="col" class="num">
                  {t('失败', 'Failures')}
                </th>
              </tr>
            </thead>
            <tbody>
              {runs.map((r) => (
                <tr key={r.runId}>
                  <td class="mono small">
                    <Link
                      to={`/runs/${encodeURIComponent(r.runId)}`}
                      aria-current={r.runId === selected ? 'true' : undefined}
                    >
                      {r.runId}
                    </Link>
                  </td>
                  <td>
                    {word(r.kind)}
                    {r.regrade ? <span class="small muted block">{t('历史重评', 're-grade')}</span> : null}
                  </td>
                  <td class="nowrap">{r.asOf}</td>
                  <td>
                    <RunState state={r.state} />
                  </td>
                  <td class="small">{instant(r.startedAt)}</td>
                  <td class="small">{instant(r.finishedAt)}</td>
                  <td class="num">{num(r.counts.graded)}</td>
                  <td class="num">{num(r.counts.changed)}</td>
                  <td class="num">{num(r.counts.failures)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      ) : null}
      {loading ? <Loading /> : null}
      {cursor && !loading ? (
        <button type="button" class="button button-secondary" onClick={() => void load(cursor)}>
          {t('加载更多', 'Load more')}
        </button>
      ) : null}
    </Section>
  );
}

export default function RunsPage({ params }: PageProps) {
  const runId = params.runId;
  return (
    <>
      <PageTitle
        title={runId ? `${t('评定批次', 'Grading run')} ${runId}` : t('评定批次', 'Grading runs')}
        sub={t('每次评定的状态、计数和失败', 'The state, counts and failures of each grading run')}
      />
      {runId ? <RunDetail runId={runId} /> : null}
      <RunList selected={runId} />
    </>
  );
}
