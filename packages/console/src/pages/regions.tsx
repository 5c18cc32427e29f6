// /console/regions: the districts of the caller's regions, each with its counts, as links.
import { scopeSummaries } from '../api/client.ts';
import type { PageProps } from '../app.tsx';
import { Table } from '../components/table.tsx';
import { Loaded, PageTitle, Section, useData } from '../components/ui.tsx';
import { num } from '../format.ts';
import { t } from '../i18n.ts';
import { districtsOf, GRADES, gradeLabel, regionLabel, regionLevel } from '../labels.ts';
import { Link } from '../router.tsx';

export default function RegionsPage({ claims }: PageProps) {
  const data = useData(() => scopeSummaries(), [claims.regions.join()]);
  return (
    <>
      <PageTitle
        title={t('辖区', 'Regions')}
        sub={`${t('您的管辖区划：', 'Your regions: ')}${claims.regions.map(regionLabel).join('、')}`}
      />
      <Section title={t('区县', 'Districts')}>
        <Loaded data={data}>
          {({ items }) => {
            const seen = new Set(items.map((a) => a.region));
            const districts = [...new Set([...districtsOf(claims.regions), ...seen])].sort();
            const mine = (code: string) => items.filter((a) => a.region === code);
            return (
              <Table
                label={t('区县', 'Districts')}
                rows={districts}
                rowKey={(code) => code}
                columns={[
                  {
                    head: t('区划', 'Region'),
                    rowHead: true,
                    cell: (code) => <Link to={`/regions/${code}`}>{regionLabel(code)}</Link>,
                  },
                  { head: t('企业数', 'Enterprises'), class: 'num', cell: (code) => num(mine(code).length) },
                  ...GRADES.map((g) => ({
                    head: gradeLabel(g),
                    class: 'num',
                    cell: (code: string) => num(mine(code).filter((a) => a.riskGrade === g).length),
                  })),
                ]}
              />
            );
          }}
        </Loaded>
        {claims.regions.some((r) => regionLevel(r) !== 'district') ? (
          <p class="small muted">
            {t('地市或省级令牌可查看所辖全部区县：', 'A city or province token sees all its districts: ')}
            {claims.regions
              .filter((r) => regionLevel(r) !== 'district')
              .map((r) => (
                <Link key={r} to={`/regions/${r}`}>
                  {regionLabel(r)}{' '}
                </Link>
              ))}
          </p>
        ) : null}
      </Section>
    </>
  );
}
