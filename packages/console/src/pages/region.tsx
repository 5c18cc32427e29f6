// /console/regions/{code}: the enterprises of a region by risk grade and credit class — the
// matrix of counts, then the list with filters and cursor pages (GET /assessments). The filters
// and the page's cursor are in the address, so every view is a link.
import type { TargetedSubmitEvent } from 'preact';
import { api, ok, scopeSummaries } from '../api/client.ts';
import type { PageProps } from '../app.tsx';
import {
  CreditBadge,
  EnterpriseLink,
  GradeBadge,
  Loaded,
  NotFound,
  PageTitle,
  Section,
  TableWrap,
  useData,
  YesNo,
} from '../components/ui.tsx';
import { num } from '../format.ts';
import { t } from '../i18n.ts';
import { categoryLabel, creditLabel, GRADES, type Grade, gradeLabel, regionLabel } from '../labels.ts';
import { Link, navigate, withQuery } from '../router.tsx';

const REGION = /^[1-9]\d{5}$/;
const PAGE_SIZE = 50;

/** Cursors of the pages before this one, for "previous" (a deep link starts without them). */
const trail: { key: string; cursors: (string | undefined)[] } = { key: '', cursors: [] };

function gradeOf(value: string | null): Grade | undefined {
  return value !== null && (GRADES as readonly string[]).includes(value) ? (value as Grade) : undefined;
}

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
              <TableWrap label={t('等级与分类交叉表', 'Grade by class')}>
                <table>
                  <caption class="sr-only">
                    {t(
                      '行为风险等级，列为信用风险分类，数字为企业数',
                      'Rows: risk grade; columns: credit class; enterprises',
                    )}
                  </caption>
                  <thead>
                    <tr>
                      <th scope="col">{t('风险等级', 'Risk grade')}</th>
                      {GRADES.map((c) => (
                        <th key={c} scope="col" class="num">
                          {creditLabel(c)}
                        </th>
                      ))}
                      <th scope="col" class="num">
                        {t('合计', 'Total')}
                      </th>
                    </tr>
                  </thead>
                  <tbody>
                    {GRADES.map((g) => (
                      <tr key={g}>
                        <th scope="row">
                          <GradeBadge grade={g} />
                        </th>
                        {GRADES.map((c) => (
                          <td key={c} class="num">
                            <Link
                              to={withQuery(`/regions/${code}`, { riskGrade: g, creditClass: c })}
                              aria-label={`${gradeLabel(g)} ${creditLabel(c)}: ${count(g, c)}`}
                            >
                              {num(count(g, c))}
                            </Link>
                          </td>
                        ))}
                        <td class="num">
                          <Link to={withQuery(`/regions/${code}`, { riskGrade: g })}>
                            {num(items.filter((a) => a.riskGrade === g).length)}
                          </Link>
                        </td>
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

function Filters({
  code,
  riskGrade,
  creditClass,
  keyInspection,
}: {
  code: string;
  riskGrade: Grade | undefined;
  creditClass: Grade | undefined;
  keyInspection: string | undefined;
}) {
  const submit = (e: TargetedSubmitEvent<HTMLFormElement>) => {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    navigate(
      withQuery(`/regions/${code}`, {
        riskGrade: String(form.get('riskGrade') ?? ''),
        creditClass: String(form.get('creditClass') ?? ''),
        keyInspection: String(form.get('keyInspection') ?? ''),
      }),
    );
  };
  return (
    <form class="filters" onSubmit={submit} aria-label={t('筛选', 'Filters')}>
      <div class="field">
        <label for="f-grade">{t('风险等级', 'Risk grade')}</label>
        <select id="f-grade" name="riskGrade" value={riskGrade ?? ''}>
          <option value="">{t('全部', 'All')}</option>
          {GRADES.map((g) => (
            <option key={g} value={g}>
              {gradeLabel(g)}
            </option>
          ))}
        </select>
      </div>
      <div class="field">
        <label for="f-credit">{t('信用风险分类', 'Credit class')}</label>
        <select id="f-credit" name="creditClass" value={creditClass ?? ''}>
          <option value="">{t('全部', 'All')}</option>
          {GRADES.map((g) => (
            <option key={g} value={g}>
              {creditLabel(g)}
            </option>
          ))}
        </select>
      </div>
      <div class="field">
        <label for="f-key">{t('重点监督检查', 'Key inspection')}</label>
        <select id="f-key" name="keyInspection" value={keyInspection ?? ''}>
          <option value="">{t('全部', 'All')}</option>
          <option value="true">{t('是', 'Yes')}</option>
          <option value="false">{t('否', 'No')}</option>
        </select>
      </div>
      <button type="submit" class="button">
        {t('筛选', 'Apply')}
      </button>
    </form>
  );
}

export default function RegionPage({ params, query }: PageProps) {
  const code = params.code ?? '';
  const riskGrade = gradeOf(query.get('riskGrade'));
  const creditClass = gradeOf(query.get('creditClass'));
  const keyRaw = query.get('keyInspection');
  const keyInspection = keyRaw === 'true' || keyRaw === 'false' ? keyRaw : undefined;
  const cursor = query.get('cursor') ?? undefined;
  const filterKey = `${code}|${riskGrade ?? ''}|${creditClass ?? ''}|${keyInspection ?? ''}`;
  if (trail.key !== filterKey) {
    trail.key = filterKey;
    trail.cursors = [];
  }
  const valid = REGION.test(code);
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
                {page.items.length === 0 ? (
                  <p>{t('本页没有符合条件的企业。', 'No enterprise on this page matches.')}</p>
                ) : (
                  <TableWrap label={t('企业列表', 'Enterprises')}>
                    <table>
                      <thead>
                        <tr>
                          <th scope="col">{t('企业名称', 'Name')}</th>
                          <th scope="col">{t('统一社会信用代码', 'USCC')}</th>
                          <th scope="col">{t('区划', 'Region')}</th>
                          <th scope="col">{t('类别', 'Category')}</th>
                          <th scope="col">{t('风险等级', 'Risk grade')}</th>
                          <th scope="col" class="num">
                            {t('分值', 'Score')}
                          </th>
                          <th scope="col">{t('信用风险分类', 'Credit class')}</th>
                          <th scope="col">{t('重点', 'Key')}</th>
                        </tr>
                      </thead>
                      <tbody>
                        {page.items.map((a) => (
                          <tr key={a.uscc}>
                            <td>
                              <EnterpriseLink uscc={a.uscc} name={a.name} />
                            </td>
                            <td class="mono small">{a.uscc}</td>
                            <td class="nowrap">{regionLabel(a.region)}</td>
                            <td>{categoryLabel(a.category)}</td>
                            <td>
                              <GradeBadge grade={a.riskGrade} />
                            </td>
                            <td class="num">{num(a.riskScore)}</td>
                            <td>
                              <CreditBadge grade={a.creditClass} />
                            </td>
                            <td>
                              <YesNo value={a.keyInspection} />
                            </td>
                          </tr>
                        ))}
                      </tbody>
                    </table>
                  </TableWrap>
                )}
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
