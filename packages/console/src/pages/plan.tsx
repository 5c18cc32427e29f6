// /console/plans/{period}: the double-random plan of the caller's regions — the inspections with
// their inspectors, each inspector's load, a CSV of the rows (made here, from the rows shown),
// and what anyone needs to check the draw: the seed, its commitment (checked in the browser),
// the strata with their population digests, and how to re-run it.
import { planRowsCsv } from '@fenji/app/plan-csv';
import type { TargetedSubmitEvent } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { api, okOrNull, type Schemas } from '../api/client.ts';
import type { PageProps } from '../app.tsx';
import { GradeBadge, YesNo } from '../components/badges.tsx';
import { s256Hex } from '../components/digest.ts';
import { Field } from '../components/form.tsx';
import { latestRunAsOf } from '../components/latest-run.ts';
import { Table } from '../components/table.tsx';
import { EnterpriseNamed, Loaded, Loading, NotFound, PageTitle, Section, Stats, useData } from '../components/ui.tsx';
import { num, PERIOD } from '../format.ts';
import { t } from '../i18n.ts';
import { regionLabel, word } from '../labels.ts';
import { navigate } from '../router.tsx';

type Plan = Schemas['PlanResponse'];
type Row = Plan['inspections'][number];

/** The rows as plan.csv writes them (UTF-8 with a BOM for Excel, CRLF, formula cells neutralised): the draw's own writer. */
export function planCsv(rows: readonly Row[]): string {
  return planRowsCsv(rows);
}

function download(name: string, text: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: 'text/csv;charset=utf-8' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

function PeriodForm({ period }: { period: string }) {
  const [value, setValue] = useState(period);
  const [invalid, setInvalid] = useState(false);
  const submit = (e: TargetedSubmitEvent<HTMLFormElement>) => {
    e.preventDefault();
    const next = value.trim().toUpperCase();
    if (!PERIOD.test(next)) {
      setInvalid(true);
      return;
    }
    setInvalid(false);
    navigate(`/plans/${next}`);
  };
  return (
    <form class="filters" onSubmit={submit} noValidate>
      <Field id="period" label={t('计划期间（YYYY、YYYY-Qn 或 YYYY-MM）', 'Period (YYYY, YYYY-Qn or YYYY-MM)')}>
        <input
          id="period"
          type="text"
          value={value}
          aria-invalid={invalid ? 'true' : undefined}
          aria-describedby={invalid ? 'period-error' : undefined}
          onInput={(e) => setValue((e.target as HTMLInputElement).value)}
        />
        {invalid ? (
          <p id="period-error" class="field-error">
            {t('期间格式不正确。', 'That is not a period.')}
          </p>
        ) : null}
      </Field>
      <button type="submit" class="button">
        {t('查看', 'Show')}
      </button>
    </form>
  );
}

function Commitment({ seed, commitment }: { seed: string; commitment: string }) {
  const [computed, setComputed] = useState<string | null>(null);
  useEffect(() => {
    s256Hex(seed).then(setComputed, () => setComputed(null));
  }, [seed]);
  if (computed === null) return <span class="muted">…</span>;
  return computed === commitment ? (
    <strong class="state state-closed_on_time">
      {t(
        '✓ 已在本浏览器核验：SHA-256(种子) 与承诺值一致',
        '✓ Checked in this browser: SHA-256(seed) equals the commitment',
      )}
    </strong>
  ) : (
    <strong class="state state-overdue">
      {t('✗ SHA-256(种子) 与承诺值不一致', '✗ SHA-256(seed) does not equal the commitment')}
    </strong>
  );
}

function Verification({ plan }: { plan: Plan }) {
  return (
    <Section title={t('核验数据', 'Verification')} id="verify">
      <dl class="facts">
        <dt>{t('随机种子', 'Seed')}</dt>
        <dd class="mono">{plan.seed}</dd>
        <dt>{t('种子承诺值 SHA-256', 'Seed commitment (SHA-256)')}</dt>
        <dd class="mono">{plan.seedCommitment}</dd>
        <dt>{t('核验', 'Check')}</dt>
        <dd>
          <Commitment seed={plan.seed} commitment={plan.seedCommitment} />
        </dd>
        <dt>{t('评定日期', 'Graded as of')}</dt>
        <dd>{plan.asOf}</dd>
      </dl>
      <h3>{t('如何复核抽取结果', 'How to re-run the draw')}</h3>
      <ol class="steps">
        <li>
          {t('核对种子承诺值：', 'Check the commitment: ')}
          <code>printf '%s' '{plan.seed}' | sha256sum</code> {t('应得到上面的承诺值。', 'gives the commitment above.')}
        </li>
        <li>
          {t(
            '核对每个分层的总体：该分层全部企业的统一社会信用代码按字典序排序、以换行符连接后的 SHA-256，应等于下表的总体摘要。',
            'Check each stratum’s population: the SHA-256 of its enterprises’ USCCs, sorted and joined by a newline, equals its population digest below.',
          )}
        </li>
        <li>
          {t('在同一批记录上重新抽取：', 'Draw again over the same records: ')}
          <code>
            npm start -- --as-of {plan.asOf} --period {plan.period} --seed '{plan.seed}'
          </code>{' '}
          {t(
            '公开的 SHA-256 伪随机算法（grading-model.md §10）对相同的种子和总体给出完全相同的 plan.csv。',
            'The public SHA-256 PRNG (grading-model.md §10) gives a byte-identical plan.csv for the same seed and populations.',
          )}
        </li>
      </ol>
      <Table
        label={t('分层与总体摘要', 'Strata and population digests')}
        rows={plan.strata}
        rowKey={(s) => `${s.region}${s.riskGrade}${s.keyInspection}`}
        columns={[
          { head: t('区划', 'Region'), class: 'nowrap', cell: (s) => regionLabel(s.region) },
          { head: t('风险等级', 'Grade'), cell: (s) => <GradeBadge grade={s.riskGrade} /> },
          { head: t('重点', 'Key'), cell: (s) => <YesNo value={s.keyInspection} /> },
          { head: t('总体', 'Population'), class: 'num', cell: (s) => num(s.population) },
          { head: t('应查', 'Due'), class: 'num', cell: (s) => num(s.due) },
          { head: t('抽中', 'Drawn'), class: 'num', cell: (s) => num(s.drawn) },
          {
            head: t('总体摘要 SHA-256', 'Population digest (SHA-256)'),
            class: 'mono small',
            cell: (s) => s.populationDigest,
          },
        ]}
      />
    </Section>
  );
}

function Load({ rows }: { rows: Row[] }) {
  const load = new Map<string, { total: number; mandatory: number; random: number }>();
  for (const r of rows)
    for (const who of [r.inspector1, r.inspector2]) {
      if (!who) continue;
      const l = load.get(who) ?? { total: 0, mandatory: 0, random: 0 };
      l.total++;
      l[r.kind]++;
      load.set(who, l);
    }
  const sorted = [...load.entries()].sort((a, b) => b[1].total - a[1].total || (a[0] < b[0] ? -1 : 1));
  const unassigned = rows.filter((r) => r.status === 'unassigned').length;
  return (
    <Section title={t('检查人员工作量', 'Inspector load')} id="load">
      <p>
        {t('检查人员', 'Inspectors')}: <strong>{num(sorted.length)}</strong> · {t('未分派', 'unassigned')}:{' '}
        <strong>{num(unassigned)}</strong>
      </p>
      <Table
        label={t('检查人员工作量', 'Inspector load')}
        rows={sorted}
        rowKey={([who]) => who}
        empty={null}
        columns={[
          { head: t('检查人员', 'Inspector'), class: 'mono', cell: ([who]) => who },
          { head: t('任务', 'Inspections'), class: 'num', cell: ([, l]) => num(l.total) },
          { head: t('必查', 'Mandatory'), class: 'num', cell: ([, l]) => num(l.mandatory) },
          { head: t('随机', 'Random'), class: 'num', cell: ([, l]) => num(l.random) },
        ]}
      />
    </Section>
  );
}

function Rows({ plan }: { plan: Plan }) {
  const rows = plan.inspections;
  return (
    <Section title={t('抽查任务', 'Inspections')} id="rows">
      <p>
        <button
          type="button"
          class="button button-secondary"
          onClick={() => download(`plan-${plan.period}.csv`, planCsv(rows))}
          disabled={rows.length === 0}
        >
          {t(`下载 CSV（${rows.length} 行）`, `Download CSV (${rows.length} rows)`)}
        </button>
      </p>
      <Table
        label={t('抽查任务', 'Inspections')}
        rows={rows}
        rowKey={(r) => `${r.uscc}:${r.kind}:${r.slot}`}
        empty={<p>{t('您的管辖区划内没有抽查任务。', 'No inspection in your regions.')}</p>}
        columns={[
          { head: t('企业', 'Enterprise'), cell: (r) => <EnterpriseNamed uscc={r.uscc} name={r.name} /> },
          { head: t('区划', 'Region'), class: 'nowrap', cell: (r) => regionLabel(r.region) },
          { head: t('等级', 'Grade'), cell: (r) => <GradeBadge grade={r.riskGrade} /> },
          { head: t('重点', 'Key'), cell: (r) => <YesNo value={r.keyInspection} /> },
          { head: t('方式', 'Kind'), cell: (r) => word(r.kind) },
          { head: t('序号', 'Slot'), class: 'num', cell: (r) => r.slot },
          {
            head: t('检查人员', 'Inspectors'),
            class: 'mono small',
            cell: (r) => [r.inspector1, r.inspector2].filter(Boolean).join(', ') || '—',
          },
          {
            head: t('状态', 'Status'),
            cell: (r) => (
              <>
                {word(r.status)}
                {r.reason ? <span class="small muted block">{r.reason}</span> : null}
              </>
            ),
          },
        ]}
      />
    </Section>
  );
}

export default function PlanPage({ params }: PageProps) {
  const period = params.period?.toUpperCase();
  // /console/plans: the plan of the latest run's quarter.
  useEffect(() => {
    if (period === undefined) latestRunAsOf().then((quarter) => navigate(`/plans/${quarter}`, { replace: true }));
  }, [period]);
  const data = useData(async () => {
    if (period === undefined || !PERIOD.test(period)) return null;
    return okOrNull(await api().GET('/plans/{period}', { params: { path: { period } } }));
  }, [period]);
  if (period === undefined) return <Loading />;
  return (
    <>
      <PageTitle
        title={`${t('双随机抽查计划', 'Double-random inspection plan')} ${period}`}
        sub={t(
          '您的管辖区划内的抽查任务、检查人员和核验数据',
          'Inspections, inspectors and verification data of your regions',
        )}
      />
      <PeriodForm period={period} />
      <Loaded data={data}>
        {(plan) =>
          plan === null ? (
            <NotFound role="status" what={t(`${period} 尚未抽取计划。`, `No plan has been drawn for ${period}.`)} />
          ) : (
            <>
              <Section title={t('概况', 'Summary')}>
                <Stats
                  items={[
                    [plan.scopeCounts.inspections, t('本辖区任务', 'Inspections here')],
                    [plan.scopeCounts.mandatory, t('必查', 'Mandatory')],
                    [plan.scopeCounts.random, t('随机', 'Random')],
                    [plan.scopeCounts.unassigned, t('未分派', 'Unassigned')],
                    [plan.counts.inspections, t('全计划任务', 'Whole plan')],
                  ]}
                />
              </Section>
              <Rows plan={plan} />
              <Load rows={plan.inspections} />
              <Verification plan={plan} />
            </>
          )
        }
      </Loaded>
    </>
  );
}
