// /console/discipline: the joint-discipline list of the caller's regions (GET /discipline-list:
// serious illegal-dishonest listings and person bars, with their SDL-44 Art. 15 measures) and the
// listing candidates. The API has no candidate list: candidates are the latest assessments whose
// `listingCandidate` is set, read from GET /assessments over the caller's regions (the same pages
// the overview counts).
import { api, okOrNull, type Schemas, scopeSummaries } from '../api/client.ts';
import type { PageProps } from '../app.tsx';
import { CreditBadge, GradeBadge } from '../components/badges.tsx';
import { Table } from '../components/table.tsx';
import { EnterpriseNamed, Loaded, Notice, PageTitle, Section, Stats, useData } from '../components/ui.tsx';
import { instant } from '../format.ts';
import { t, tx } from '../i18n.ts';
import { regionLabel, roleLabel, violationLabel } from '../labels.ts';

export default function DisciplinePage({ claims }: PageProps) {
  const list = useData(async () => okOrNull(await api().GET('/discipline-list', {})), [claims.regions.join()]);
  const candidates = useData(() => scopeSummaries(), [claims.regions.join()]);
  return (
    <>
      <PageTitle
        title={t('联合惩戒名单', 'Joint-discipline list')}
        sub={t(
          '严重违法失信名单、从业禁止人员及列入候选（您的管辖区划）',
          'Serious illegal-dishonest listings, barred persons and listing candidates (your regions)',
        )}
      />
      <Loaded data={list}>
        {(l) =>
          l === null ? (
            <Notice role="status">
              <p>{t('联合惩戒名单尚未发布。', 'The joint-discipline list has not been published yet.')}</p>
            </Notice>
          ) : (
            <>
              <Section title={t('名单概况', 'Summary')}>
                <Stats
                  items={[
                    [l.counts.listings, t('严重违法失信名单', 'Serious listings')],
                    [l.counts.personBars, t('从业禁止', 'Person bars')],
                    [l.counts.enterprises, t('涉及企业', 'Enterprises')],
                  ]}
                />
                <p class="small muted">
                  {t('名单日期', 'As of')} {l.asOf} · {t('生成于', 'generated')} {instant(l.generatedAt)} ·{' '}
                  {t('规则', 'rules')} {l.rulesVersion}
                </p>
              </Section>
              <Section title={t('严重违法失信名单', 'Serious illegal-dishonest list')} id="listings">
                <Entries entries={l.entries.filter((e) => e.kind === 'listing')} persons={false} />
              </Section>
              <Section title={t('从业禁止人员', 'Barred persons (FSL Art. 135)')} id="bars">
                <Entries entries={l.entries.filter((e) => e.kind === 'person_bar')} persons={true} />
              </Section>
            </>
          )
        }
      </Loaded>
      <Section title={t('列入候选', 'Listing candidates')} id="candidates">
        <p class="small muted">
          {t(
            '来源：各企业最新评定的“列入候选”（GET /assessments，您的全部管辖区划）。候选须经决定后方列入名单。',
            'Source: the latest assessments whose listingCandidate is set (GET /assessments over all your regions). A candidate is listed only by a decision.',
          )}
        </p>
        <Loaded data={candidates}>
          {({ items }) => (
            <Table
              label={t('列入候选', 'Listing candidates')}
              rows={items.filter((a) => a.listingCandidate !== null)}
              rowKey={(a) => a.uscc}
              empty={<p>{t('无列入候选。', 'No listing candidates.')}</p>}
              columns={[
                { head: t('企业', 'Enterprise'), cell: (a) => <EnterpriseNamed uscc={a.uscc} name={a.name} /> },
                { head: t('区划', 'Region'), class: 'nowrap', cell: (a) => regionLabel(a.region) },
                { head: t('风险等级', 'Risk grade'), cell: (a) => <GradeBadge grade={a.riskGrade} /> },
                { head: t('信用风险分类', 'Credit class'), cell: (a) => <CreditBadge grade={a.creditClass} /> },
                {
                  head: t('依据记录', 'Records'),
                  class: 'mono small',
                  cell: (a) => a.listingCandidate?.recordIds.join(', '),
                },
              ]}
            />
          )}
        </Loaded>
      </Section>
    </>
  );
}

type Entry = Schemas['DisciplineListResponse']['entries'][number];

function Entries({ entries, persons }: { entries: Entry[]; persons: boolean }) {
  return (
    <Table
      label={persons ? t('从业禁止人员', 'Barred persons') : t('严重违法失信名单', 'Serious listings')}
      rows={entries}
      rowKey={(e) => `${e.kind}:${e.recordId}:${e.uscc}`}
      empty={<p>{t('无。', 'None.')}</p>}
      columns={[
        { head: t('企业', 'Enterprise'), cell: (e) => <EnterpriseNamed uscc={e.uscc} name={e.name} /> },
        { head: t('区划', 'Region'), class: 'nowrap', cell: (e) => regionLabel(e.region) },
        { head: t('违法行为', 'Violation'), cell: (e) => violationLabel(e.violation) },
        { head: t('列入日期', 'Listed'), class: 'nowrap', cell: (e) => e.listedOn },
        { head: t('期满日期', 'Expires'), class: 'nowrap', cell: (e) => e.expiresOn },
        ...(persons
          ? [
              {
                head: t('人员', 'Persons'),
                cell: (e: Entry) =>
                  e.persons.map((p) => (
                    <span key={`${p.name}${p.idMasked}`} class="block">
                      {p.name} ({roleLabel(p.role)}) <span class="mono small">{p.idMasked}</span>
                    </span>
                  )),
              },
            ]
          : []),
        {
          head: t('惩戒措施', 'Measures'),
          cell: (e) => (
            <ul class="plain small">
              {e.measures.map((m) => (
                <li key={m.code}>{tx(m)}</li>
              ))}
            </ul>
          ),
        },
        { head: t('决定书', 'Decision'), class: 'mono small', cell: (e) => e.recordId },
      ]}
    />
  );
}
