// /console/enterprises?q=: find an enterprise of the caller's regions by its unified social credit
// code or by the start of its name (GET /enterprises, an index query on the API's side).
import { api, ok } from '../api/client.ts';
import type { PageProps } from '../app.tsx';
import { CreditBadge, GradeBadge } from '../components/badges.tsx';
import { EnterpriseSearch } from '../components/form.tsx';
import { PagedList, usePaged } from '../components/paged.tsx';
import { Table } from '../components/table.tsx';
import { EnterpriseLink, PageTitle, Section } from '../components/ui.tsx';
import { t } from '../i18n.ts';
import { categoryLabel, regionLabel } from '../labels.ts';

function Results({ q }: { q: string }) {
  const results = usePaged(
    async (cursor: string | undefined) =>
      ok(await api().GET('/enterprises', { params: { query: { q, limit: 20, ...(cursor ? { cursor } : {}) } } })),
    [q],
  );
  return (
    <Section title={t(`“${q}”的查询结果`, `Results for “${q}”`)} id="results">
      <PagedList
        list={results}
        empty={<p role="status">{t('您的管辖区划内没有符合的企业。', 'No enterprise in your regions matches.')}</p>}
      >
        {(items) => (
          <Table
            label={t('查询结果', 'Results')}
            rows={items}
            rowKey={(e) => e.uscc}
            columns={[
              { head: t('企业名称', 'Name'), cell: (e) => <EnterpriseLink uscc={e.uscc} name={e.name} /> },
              { head: t('统一社会信用代码', 'USCC'), class: 'mono small', cell: (e) => e.uscc },
              { head: t('区划', 'Region'), class: 'nowrap', cell: (e) => regionLabel(e.region) },
              { head: t('类别', 'Category'), cell: (e) => categoryLabel(e.category) },
              {
                head: t('风险等级', 'Risk grade'),
                cell: (e) => (e.riskGrade ? <GradeBadge grade={e.riskGrade} /> : '—'),
              },
              {
                head: t('信用风险分类', 'Credit class'),
                cell: (e) => (e.creditClass ? <CreditBadge grade={e.creditClass} /> : '—'),
              },
            ]}
          />
        )}
      </PagedList>
    </Section>
  );
}

export default function SearchPage({ query }: PageProps) {
  const q = (query.get('q') ?? '').trim();
  return (
    <>
      <PageTitle
        title={t('企业查询', 'Find an enterprise')}
        sub={t('仅查询您的管辖区划内的企业', 'Within your regions only')}
      />
      <EnterpriseSearch
        id="q"
        label={t('统一社会信用代码或企业名称开头', 'Unified social credit code, or the start of a name')}
        q={q}
      />
      {q === '' ? null : <Results q={q} />}
    </>
  );
}
