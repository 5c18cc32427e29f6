// /console/runs and /console/runs/{runId}: grading runs newest first (GET /runs), and one run's
// state, counts and failures within the caller's regions (GET /runs/{runId}).
import { api, ok } from '../api/client.ts';
import type { PageProps } from '../app.tsx';
import { RunState } from '../components/badges.tsx';
import { PagedList, usePaged } from '../components/paged.tsx';
import { Table } from '../components/table.tsx';
import { EnterpriseLink, Loaded, PageTitle, Section, Stats, useData } from '../components/ui.tsx';
import { instant, num } from '../format.ts';
import { t } from '../i18n.ts';
import { word } from '../labels.ts';
import { Link } from '../router.tsx';

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
            <Stats
              items={[
                [run.counts.graded, t('已评定', 'Graded')],
                [run.counts.changed, t('结果变化', 'Changed')],
                [run.counts.unchanged, t('未变化', 'Unchanged')],
                [run.counts.events, t('变更事件', 'Events')],
                [run.counts.failures, t('失败', 'Failures')],
                [run.counts.orphans, t('暂无主体档案', 'Orphans')],
              ]}
            />
            <h3>{t('失败（您的管辖区划）', 'Failures (your regions)')}</h3>
            <Table
              label={t('失败', 'Failures')}
              rows={run.failures}
              rowKey={(f) => f.uscc}
              empty={<p>{t('无。', 'None.')}</p>}
              columns={[
                { head: t('企业', 'Enterprise'), cell: (f) => <EnterpriseLink uscc={f.uscc} /> },
                { head: t('原因', 'Reason'), cell: (f) => f.reason },
              ]}
            />
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
  const runs = usePaged(
    async (cursor: string | undefined) =>
      ok(await api().GET('/runs', { params: { query: { limit: 20, ...(cursor ? { cursor } : {}) } } })),
    [],
  );
  return (
    <Section title={t('评定批次（最新在前）', 'Grading runs (newest first)')} id="runs">
      <PagedList list={runs} empty={<p>{t('还没有评定批次。', 'No runs yet.')}</p>}>
        {(items) => (
          <Table
            label={t('评定批次', 'Grading runs')}
            rows={items}
            rowKey={(r) => r.runId}
            columns={[
              {
                head: t('批次', 'Run'),
                class: 'mono small',
                cell: (r) => (
                  <Link
                    to={`/runs/${encodeURIComponent(r.runId)}`}
                    aria-current={r.runId === selected ? 'true' : undefined}
                  >
                    {r.runId}
                  </Link>
                ),
              },
              {
                head: t('类型', 'Kind'),
                cell: (r) => (
                  <>
                    {word(r.kind)}
                    {r.regrade ? <span class="small muted block">{t('历史重评', 're-grade')}</span> : null}
                  </>
                ),
              },
              { head: t('评定日期', 'As of'), class: 'nowrap', cell: (r) => r.asOf },
              { head: t('状态', 'State'), cell: (r) => <RunState state={r.state} /> },
              { head: t('开始', 'Started'), class: 'small', cell: (r) => instant(r.startedAt) },
              { head: t('结束', 'Finished'), class: 'small', cell: (r) => instant(r.finishedAt) },
              { head: t('评定', 'Graded'), class: 'num', cell: (r) => num(r.counts.graded) },
              { head: t('变化', 'Changed'), class: 'num', cell: (r) => num(r.counts.changed) },
              { head: t('失败', 'Failures'), class: 'num', cell: (r) => num(r.counts.failures) },
            ]}
          />
        )}
      </PagedList>
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
