// /console/: the caller's regions at a glance — risk grade and credit class distributions
// (counted over every latest assessment of the regions, GET /assessments page by page), what the
// latest run changed (its counts: GET /runs), the overdue cases (GET /cases?state=overdue) and
// the latest run's status.
import { allPages, api, ok, scopeSummaries } from '../api/client.ts';
import type { PageProps } from '../app.tsx';
import { RunState } from '../components/badges.tsx';
import { EnterpriseSearch } from '../components/form.tsx';
import { latestRun } from '../components/latest-run.ts';
import { Table } from '../components/table.tsx';
import { Chart, EnterpriseLink, Loaded, PageTitle, Section, Stats, useData } from '../components/ui.tsx';
import { instant, num } from '../format.ts';
import { t } from '../i18n.ts';
import {
  caseKindLabel,
  creditLabel,
  GRADE_COLOURS,
  GRADES,
  type Grade,
  gradeLabel,
  regionLabel,
  word,
} from '../labels.ts';
import { Link, withQuery } from '../router.tsx';

function Distribution({
  rows,
  field,
  title,
  label,
}: {
  rows: { region: string; riskGrade: Grade; creditClass: Grade }[];
  field: 'riskGrade' | 'creditClass';
  title: string;
  label: (g: Grade) => string;
}) {
  const regions = [...new Set(rows.map((r) => r.region))].sort();
  const count = (region: string | null, g: Grade) =>
    rows.filter((r) => (region === null || r.region === region) && r[field] === g).length;
  const many = regions.length > 1;
  const spec = many
    ? {
        type: 'bar' as const,
        stacked: true,
        labels: regions.map(regionLabel),
        datasets: GRADES.map((g) => ({
          label: label(g),
          data: regions.map((r) => count(r, g)),
          colour: GRADE_COLOURS[g],
        })),
      }
    : {
        type: 'bar' as const,
        labels: GRADES.map(label),
        datasets: [
          {
            label: t('企业数', 'Enterprises'),
            data: GRADES.map((g) => count(null, g)),
            colour: GRADES.map((g) => GRADE_COLOURS[g]),
          },
        ],
      };
  return (
    <div>
      <h3>{title}</h3>
      <Chart
        spec={spec}
        label={`${title}: ${GRADES.map((g) => `${label(g)} ${count(null, g)}`).join(', ')}${t('；各区县数据见下表', '; the table below has each district')}`}
      />
      <Table
        label={title}
        rows={regions}
        rowKey={(r) => r}
        columns={[
          { head: t('区划', 'Region'), rowHead: true, cell: (r) => <Link to={`/regions/${r}`}>{regionLabel(r)}</Link> },
          ...GRADES.map((g) => ({ head: label(g), class: 'num', cell: (r: string) => num(count(r, g)) })),
        ]}
        foot={
          many ? (
            <tr>
              <th scope="row">{t('合计', 'Total')}</th>
              {GRADES.map((g) => (
                <td key={g} class="num">
                  <strong>{num(count(null, g))}</strong>
                </td>
              ))}
            </tr>
          ) : null
        }
      />
    </div>
  );
}

function Grades({ regions }: { regions: string[] }) {
  const data = useData(() => scopeSummaries(), [regions.join()]);
  return (
    <Section title={t('风险等级与信用风险分类分布', 'Risk grades and credit classes')} id="dist">
      <Loaded data={data}>
        {({ items, complete }) => (
          <>
            <Stats
              items={[
                [items.length, t('企业', 'Enterprises')],
                [items.filter((a) => a.keyInspection).length, t('重点监督检查', 'Key inspection')],
                [items.filter((a) => a.seriousListing).length, t('严重违法失信名单', 'Serious listings')],
                [
                  items.filter((a) => a.listingCandidate).length,
                  <Link to="/discipline">{t('列入候选', 'Listing candidates')}</Link>,
                ],
                [items.filter((a) => a.inspectionOverdue).length, t('检查逾期', 'Inspection overdue')],
              ]}
            />
            {complete ? null : (
              <p class="muted">{t('数量过多，仅统计前 20,000 家。', 'Too many: the first 20,000 only.')}</p>
            )}
            <div class="grid">
              <Distribution rows={items} field="riskGrade" title={t('风险等级', 'Risk grade')} label={gradeLabel} />
              <Distribution
                rows={items}
                field="creditClass"
                title={t('信用风险分类', 'Credit class')}
                label={creditLabel}
              />
            </div>
          </>
        )}
      </Loaded>
    </Section>
  );
}

function LatestRun() {
  const data = useData(() => latestRun(), []);
  return (
    <Section title={t('最近评定批次', 'Latest grading run')} id="run">
      <Loaded data={data}>
        {(run) =>
          run === null ? (
            <p>{t('还没有评定批次。', 'No run yet.')}</p>
          ) : (
            <>
              <dl class="facts">
                <dt>{t('批次', 'Run')}</dt>
                <dd class="mono small">
                  <Link to={`/runs/${encodeURIComponent(run.runId)}`}>{run.runId}</Link>
                </dd>
                <dt>{t('状态', 'State')}</dt>
                <dd>
                  <RunState state={run.state} /> {word(run.kind)} · {t('评定日期', 'as of')} {run.asOf}
                </dd>
                <dt>{t('时间', 'Time')}</dt>
                <dd>
                  {instant(run.startedAt)} – {instant(run.finishedAt)}
                </dd>
              </dl>
              <h3>{t('与上次评定相比的变化', 'Changes since the previous run')}</h3>
              <Stats
                items={[
                  [run.counts.changed, t('结果变化的企业', 'Enterprises changed')],
                  [run.counts.events, t('变更事件', 'Change events')],
                  [run.counts.graded, t('本次评定', 'Graded')],
                  [run.counts.failures, t('失败', 'Failures')],
                ]}
              />
              <p class="small muted">
                {t(
                  '变化数为整个批次（全部区划）的计数；各企业的变化见企业页面的评定历史。',
                  'Counts are of the whole run (all regions); each enterprise’s changes are in its history.',
                )}
              </p>
            </>
          )
        }
      </Loaded>
    </Section>
  );
}

function Overdue({ regions }: { regions: string[] }) {
  const data = useData(
    () =>
      allPages(
        async (cursor) =>
          ok(
            await api().GET('/cases', {
              params: { query: { state: 'overdue', limit: 200, ...(cursor ? { cursor } : {}) } },
            }),
          ),
        5000,
      ),
    [regions.join()],
  );
  return (
    <Section title={t('逾期案件', 'Overdue cases')} id="overdue">
      <Loaded data={data}>
        {({ items, complete }) => {
          const worst = [...items].sort((a, b) => b.daysLate - a.daysLate).slice(0, 5);
          return (
            <>
              <p>
                {t('逾期未办结', 'Overdue, not closed')}:{' '}
                <strong class={items.length > 0 ? 'flag-bad' : ''}>
                  {num(items.length)}
                  {complete ? '' : '+'}
                </strong>{' '}
                · <Link to={withQuery('/cases', { state: 'overdue' })}>{t('查看全部', 'See all')}</Link>
              </p>
              <Table
                label={t('逾期最久的案件', 'Longest overdue')}
                caption={<caption>{t('逾期最久的案件', 'Longest overdue')}</caption>}
                rows={worst}
                rowKey={(c) => c.caseId}
                empty={null}
                columns={[
                  { head: t('逾期天数', 'Days late'), class: 'num', cell: (c) => num(c.daysLate) },
                  { head: t('案件类型', 'Kind'), cell: (c) => caseKindLabel(c.kind) },
                  { head: t('企业', 'Enterprise'), cell: (c) => <EnterpriseLink uscc={c.uscc} /> },
                  { head: t('区划', 'District'), class: 'nowrap', cell: (c) => regionLabel(c.region) },
                  { head: t('期限', 'Due'), class: 'nowrap', cell: (c) => c.dueOn },
                ]}
              />
            </>
          );
        }}
      </Loaded>
    </Section>
  );
}

export default function HomePage({ claims }: PageProps) {
  return (
    <>
      <PageTitle
        title={t('工作台', 'Overview')}
        sub={`${t('管辖区划：', 'Your regions: ')}${claims.regions.map(regionLabel).join('、')}`}
      />
      <EnterpriseSearch
        id="home-q"
        label={t('查询企业（统一社会信用代码或名称开头）', 'Find an enterprise (USCC or the start of its name)')}
      />
      <Grades regions={claims.regions} />
      <div class="grid">
        <Overdue regions={claims.regions} />
        <LatestRun />
      </div>
    </>
  );
}
