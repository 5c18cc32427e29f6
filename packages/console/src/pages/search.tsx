// /console/enterprises?q=: find an enterprise of the caller's regions by its unified social credit
// code or by the start of its name (GET /enterprises, an index query on the API's side).
import type { TargetedSubmitEvent } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { api, ok, type Schemas } from '../api/client.ts';
import type { PageProps } from '../app.tsx';
import {
  CreditBadge,
  EnterpriseLink,
  ErrorView,
  GradeBadge,
  Loading,
  PageTitle,
  Section,
  TableWrap,
} from '../components/ui.tsx';
import { t } from '../i18n.ts';
import { categoryLabel, regionLabel } from '../labels.ts';
import { navigate, withQuery } from '../router.tsx';

type Item = Schemas['EnterpriseListItem'];

function SearchForm({ q }: { q: string }) {
  const [value, setValue] = useState(q);
  useEffect(() => setValue(q), [q]);
  const submit = (e: TargetedSubmitEvent<HTMLFormElement>) => {
    e.preventDefault();
    const next = value.trim();
    if (next !== '') navigate(withQuery('/enterprises', { q: next }));
  };
  return (
    <form class="filters" onSubmit={submit}>
      <div class="field">
        <label for="q">
          {t('统一社会信用代码或企业名称开头', 'Unified social credit code, or the start of a name')}
        </label>
        <input
          id="q"
          name="q"
          type="search"
          value={value}
          maxLength={50}
          autoComplete="off"
          onInput={(e) => setValue((e.target as HTMLInputElement).value)}
        />
      </div>
      <button type="submit" class="button">
        {t('查询', 'Search')}
      </button>
    </form>
  );
}

export default function SearchPage({ query }: PageProps) {
  const q = (query.get('q') ?? '').trim();
  const [items, setItems] = useState<Item[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const [loading, setLoading] = useState(q !== '');
  const [error, setError] = useState<Error | null>(null);
  const [searched, setSearched] = useState('');

  const load = async (from: string | undefined, live: () => boolean) => {
    setLoading(true);
    setError(null);
    try {
      const page = ok(
        await api().GET('/enterprises', { params: { query: { q, limit: 20, ...(from ? { cursor: from } : {}) } } }),
      );
      if (!live()) return;
      setItems((prev) => (from ? [...prev, ...page.items] : page.items));
      setCursor(page.cursor);
      setSearched(q);
    } catch (e) {
      if (live()) setError(e as Error);
    } finally {
      if (live()) setLoading(false);
    }
  };

  useEffect(() => {
    let alive = true;
    setItems([]);
    setCursor(null);
    setSearched('');
    if (q !== '') void load(undefined, () => alive);
    return () => {
      alive = false;
    };
  }, [q]);

  return (
    <>
      <PageTitle
        title={t('企业查询', 'Find an enterprise')}
        sub={t('仅查询您的管辖区划内的企业', 'Within your regions only')}
      />
      <SearchForm q={q} />
      {q === '' ? null : (
        <Section title={t(`“${q}”的查询结果`, `Results for “${q}”`)} id="results">
          {error ? <ErrorView error={error} /> : null}
          {searched === q && items.length === 0 && !loading && !error ? (
            <p role="status">{t('您的管辖区划内没有符合的企业。', 'No enterprise in your regions matches.')}</p>
          ) : null}
          {items.length > 0 ? (
            <TableWrap label={t('查询结果', 'Results')}>
              <table>
                <thead>
                  <tr>
                    <th scope="col">{t('企业名称', 'Name')}</th>
                    <th scope="col">{t('统一社会信用代码', 'USCC')}</th>
                    <th scope="col">{t('区划', 'Region')}</th>
                    <th scope="col">{t('类别', 'Category')}</th>
                    <th scope="col">{t('风险等级', 'Risk grade')}</th>
                    <th scope="col">{t('信用风险分类', 'Credit class')}</th>
                  </tr>
                </thead>
                <tbody>
                  {items.map((e) => (
                    <tr key={e.uscc}>
                      <td>
                        <EnterpriseLink uscc={e.uscc} name={e.name} />
                      </td>
                      <td class="mono small">{e.uscc}</td>
                      <td class="nowrap">{regionLabel(e.region)}</td>
                      <td>{categoryLabel(e.category)}</td>
                      <td>{e.riskGrade ? <GradeBadge grade={e.riskGrade} /> : '—'}</td>
                      <td>{e.creditClass ? <CreditBadge grade={e.creditClass} /> : '—'}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </TableWrap>
          ) : null}
          {loading ? <Loading /> : null}
          {cursor && !loading ? (
            <button type="button" class="button button-secondary" onClick={() => void load(cursor, () => true)}>
              {t('加载更多', 'Load more')}
            </button>
          ) : null}
        </Section>
      )}
    </>
  );
}
