// /console/regions: the districts of the caller's regions, each with its counts, as links.
import { scopeSummaries } from '../api/client.ts';
import type { PageProps } from '../app.tsx';
import { Loaded, PageTitle, Section, TableWrap, useData } from '../components/ui.tsx';
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
            return (
              <TableWrap label={t('区县', 'Districts')}>
                <table>
                  <thead>
                    <tr>
                      <th scope="col">{t('区划', 'Region')}</th>
                      <th scope="col" class="num">
                        {t('企业数', 'Enterprises')}
                      </th>
                      {GRADES.map((g) => (
                        <th key={g} scope="col" class="num">
                          {gradeLabel(g)}
                        </th>
                      ))}
                    </tr>
                  </thead>
                  <tbody>
                    {districts.map((code) => {
                      const mine = items.filter((a) => a.region === code);
                      return (
                        <tr key={code}>
                          <th scope="row">
                            <Link to={`/regions/${code}`}>{regionLabel(code)}</Link>
                          </th>
                          <td class="num">{num(mine.length)}</td>
                          {GRADES.map((g) => (
                            <td key={g} class="num">
                              {num(mine.filter((a) => a.riskGrade === g).length)}
                            </td>
                          ))}
                        </tr>
                      );
                    })}
                  </tbody>
                </table>
              </TableWrap>
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
