// /console/regions/{code}: the enterprises of a region by risk grade and credit class — the
// matrix of counts, then the list with filters and cursor pages (GET /assessments). The filters
// and the page's cursor are in the address, so every view is a link.
import { api, ok, scopeSummaries } from '../api/client.ts';
import type { PageProps } from '../app.tsx';
import { CreditBadge, GradeBadge, YesNo } from '../components/badges.tsx';
import { FilterForm, SelectField } from '../components/form.tsx';
import { Table } from '../components/table.tsx';
import { EnterpriseLink, Loaded, NotFound, PageTitle, Section, useData } from '../components/ui.tsx';
import { num } from '../format.ts';
import { t } from '../i18n.ts';
import {
  categoryLabel,
  creditLabel,
  GRADES,
  type Grade,
  gradeLabel,
  oneOf,
  REGION_CODE,
  regionLabel,
} from '../labels.ts';
import { Link, withQuery } from '../router.tsx';

const PAGE_SIZE = 50;
/** The key-inspection filter, as the API takes it. */
const YES_NO = ['true', 'false'] as const;

/** Cursors of the pages before this one, for "previous" (a deep link starts without them). */
const trail: { key: string; cursors: (string | undefined)[] } = { key: '', cursors: [] };

function Matrix({ code }: { code: string }) {
  const data = useData(() => scopeSummaries(code), [code]);
  return (
    <Section title={t('风险等级 × 信用风险分类', 'Risk grade × credit class')} id="matrix">
      <Loaded data={data}>
        {({ items, complete }) => {
          const count = (g: Grade, c: Grade) => items.filter((a) => a.riskGrade === g && a.creditClass === c).length;
          return (
            <>
              <p>
                {t('企业数', 'Enterprises')}: <strong>{num(items.length)}</strong> ·{' '}
                {t('重点监督检查', 'key inspection')}:{' '}
                <strong>{num(items.filter((a) => a.keyInspection).length)}</strong>
                {complete ? null : <span class="muted"> {t('（未全部读取）', '(not all read)')}</span>}
              </p>
              <Table
                label={t('等级与分类交叉表', 'Grade by class')}
                caption={
                  <caption class="sr-only">
                    {t(
                      '行为风险等级，列为信用风险分类，数字为企业数',
                      'Rows: risk grade; columns: credit class; enterprises',
                    )}
                  </caption>
                }
                rows={GRADES}
                rowKey={(g) => g}
                columns={[
                  { head: t('风险等级', 'Risk grade'), rowHead: true, cell: (g) => <GradeBadge grade={g} /> },
                  ...GRADES.map((c) => ({
                    head: creditLabel(c),
                    class: 'num',
                    cell: (g: Grade) => (
                      <Link
                        to={withQuery(`/regions/${code}`, { riskGrade: g, creditClass: c })}
                        aria-label={`${gradeLabel(g)} ${creditLabel(c)}: ${count(g, c)}`}
                      >
                        {num(count(g, c))}
                      </Link>
                    ),
                  })),
                  {
                    head: t('合计', 'Total'),
                    class: 'num',
                    cell: (g) => (
                      <Link to={withQuery(`/regions/${code}`, { riskGrade: g })}>
                        {num(items.filter((a) => a.riskGrade === g).length)}
                      </Link>
                    ),
                  },
                ]}
              />
            </>
          );
        }}
      </Loaded>
    </Section>
  );
}

function Filters({
  code,
  riskGrade,
  creditClass,
  keyInspection,
}: {
  code: string;
  riskGrade: Grade | undefined;
  creditClass: Grade | undefined;
  keyInspection: (typeof YES_NO)[number] | undefined;
}) {
  return (
    <FilterForm to={(fields) => withQuery(`/regions/${code}`, fields)}>
      <SelectField
        id="f-grade"
        label={t('风险等级', 'Risk grade')}
        name="riskGrade"
        value={riskGrade}
        options={GRADES}
        optionLabel={gradeLabel}
      />
      <SelectField
        id="f-credit"
        label={t('信用风险分类', 'Credit class')}
        name="creditClass"
        value={creditClass}
        options={GRADES}
        optionLabel={creditLabel}
      />
      <SelectField
        id="f-key"
        label={t('重点监督检查', 'Key inspection')}
        name="keyInspection"
        value={keyInspection}
        options={YES_NO}
        optionLabel={(v) => (v === 'true' ? t('是', 'Yes') : t('否', 'No'))}
      />
    </FilterForm>
  );
}

export default function RegionPage({ params, query }: PageProps) {
  const code = params.code ?? '';
  const riskGrade = oneOf(GRADES, query.get('riskGrade'));
  const creditClass = oneOf(GRADES, query.get('creditClass'));
  const keyInspection = oneOf(YES_NO, query.get('keyInspection'));
  const cursor = query.get('cursor') ?? undefined;
  const filterKey = `${code}|${riskGrade ?? ''}|${creditClass ?? ''}|${keyInspection ?? ''}`;
  if (trail.key !== filterKey) {
    trail.key = filterKey;
    trail.cursors = [];
  }
  const valid = REGION_CODE.test(code);
  const data = useData(
    async () =>
      valid
        ? ok(
            await api().GET('/assessments', {
              params: {
                query: {
                  region: code,
                  limit: PAGE_SIZE,
                  ...(riskGrade ? { riskGrade } : {}),
                  ...(creditClass ? { creditClass } : {}),
                  ...(keyInspection ? { keyInspection } : {}),
                  ...(cursor ? { cursor } : {}),
                },
              },
            }),
          )
        : null,
    [filterKey, cursor],
  );
  const base = { riskGrade, creditClass, keyInspection };
  const title = `${t('辖区', 'Region')} ${regionLabel(code)}`;
  if (!valid)
    return (
      <>
        <PageTitle title={t('辖区', 'Region')} />
        <NotFound />
      </>
    );
  return (
    <>
      <PageTitle
        title={title}
        sub={t('按风险等级和信用风险分类查看企业', 'Enterprises by risk grade and credit class')}
      />
      <Matrix code={code} />
      <Section title={t('企业列表', 'Enterprises')} id="list">
        <Filters code={code} riskGrade={riskGrade} creditClass={creditClass} keyInspection={keyInspection} />
        <Loaded data={data}>
          {(page) =>
            page === null ? null : (
              <>
                <Table
                  label={t('企业列表', 'Enterprises')}
                  rows={page.items}
                  rowKey={(a) => a.uscc}
                  empty={<p>{t('本页没有符合条件的企业。', 'No enterprise on this page matches.')}</p>}
                  columns={[
                    { head: t('企业名称', 'Name'), cell: (a) => <EnterpriseLink uscc={a.uscc} name={a.name} /> },
                    { head: t('统一社会信用代码', 'USCC'), class: 'mono small', cell: (a) => a.uscc },
                    { head: t('区划', 'Region'), class: 'nowrap', cell: (a) => regionLabel(a.region) },
                    { head: t('类别', 'Category'), cell: (a) => categoryLabel(a.category) },
                    { head: t('风险等级', 'Risk grade'), cell: (a) => <GradeBadge grade={a.riskGrade} /> },
                    { head: t('分值', 'Score'), class: 'num', cell: (a) => num(a.riskScore) },
                    { head: t('信用风险分类', 'Credit class'), cell: (a) => <CreditBadge grade={a.creditClass} /> },
                    { head: t('重点', 'Key'), cell: (a) => <YesNo value={a.keyInspection} /> },
                  ]}
                />
                <nav class="pager" aria-label={t('翻页', 'Pages')}>
                  {trail.cursors.length > 0 ? (
                    <Link
                      to={withQuery(`/regions/${code}`, { ...base, cursor: trail.cursors[trail.cursors.length - 1] })}
                      onClick={() => {
                        trail.cursors.pop();
                      }}
                    >
                      {t('上一页', 'Previous page')}
                    </Link>
                  ) : cursor ? (
                    <Link to={withQuery(`/regions/${code}`, base)}>{t('第一页', 'First page')}</Link>
                  ) : null}
                  {page.cursor ? (
                    <Link
                      to={withQuery(`/regions/${code}`, { ...base, cursor: page.cursor })}
                      onClick={() => {
                        trail.cursors.push(cursor);
                      }}
                    >
                      {t('下一页', 'Next page')}
                    </Link>
                  ) : (
                    <span class="muted">{t('已是最后一页', 'Last page')}</span>
                  )}
                </nav>
              </>
            )
          }
        </Loaded>
      </Section>
    </>
  );
}
