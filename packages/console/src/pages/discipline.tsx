// /console/discipline: the joint-discipline list of the caller's regions (GET /discipline-list:
// serious illegal-dishonest listings and person bars, with their SDL-44 Art. 15 measures) and the
// listing candidates. The API has no candidate list: candidates are the latest assessments whose
// `listingCandidate` is set, read from GET /assessments over the caller's regions (the same pages
// the overview counts).
import { ApiError, api, ok, type Schemas, scopeSummaries } from '../api/client.ts';
import type { PageProps } from '../app.tsx';
import {
  CreditBadge,
  EnterpriseLink,
  GradeBadge,
  Loaded,
  PageTitle,
  Section,
  TableWrap,
  useData,
} from '../components/ui.tsx';
import { instant, num } from '../format.ts';
import { lang, t } from '../i18n.ts';
import { regionLabel, roleLabel, violationLabel } from '../labels.ts';

export default function DisciplinePage({ claims }: PageProps) {
  const list = useData(async () => {
    try {
      return ok(await api().GET('/discipline-list', {}));
    } catch (e) {
      if (e instanceof ApiError && e.status === 404) return null;
      throw e;
    }
  }, [claims.regions.join()]);
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
            <div class="notice" role="status">
              <p>{t('联合惩戒名单尚未发布。', 'The joint-discipline list has not been published yet.')}</p>
            </div>
          ) : (
            <>
              <Section title={t('名单概况', 'Summary')}>
                <ul class="stats">
                  <li>
                    <span class="value">{num(l.counts.listings)}</span>
                    <span class="label">{t('严重违法失信名单', 'Serious listings')}</span>
                  </li>
                  <li>
                    <span class="value">{num(l.counts.personBars)}</span>
                    <span class="label">{t('从业禁止', 'Person bars')}</span>
                  </li>
                  <li>
                    <span class="value">{num(l.counts.enterprises)}</span>
                    <span class="label">{t('涉及企业', 'Enterprises')}</span>
                  </li>
                </ul>
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
          {({ items }) => {
            const mine = items.filter((a) => a.listingCandidate !== null);
            if (mine.length === 0) return <p>{t('无列入候选。', 'No listing candidates.')}</p>;
            return (
              <TableWrap label={t('列入候选', 'Listing candidates')}>
                <table>
                  <thead>
                    <tr>
                      <th scope="col">{t('企业', 'Enterprise')}</th>
                      <th scope="col">{t('区划', 'Region')}</th>
                      <th scope="col">{t('风险等级', 'Risk grade')}</th>
                      <th scope="col">{t('信用风险分类', 'Credit class')}</th>
                      <th scope="col">{t('依据记录', 'Records')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {mine.map((a) => (
                      <tr key={a.uscc}>
                        <td>
                          <EnterpriseLink uscc={a.uscc} name={a.name} />
                          <span class="mono small block">{a.uscc}</span>
                        </td>
                        <td class="nowrap">{regionLabel(a.region)}</td>
                        <td>
                          <GradeBadge grade={a.riskGrade} />
                        </td>
                        <td>
                          <CreditBadge grade={a.creditClass} />
                        </td>
                        <td class="mono small">{a.listingCandidate?.recordIds.join(', ')}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </TableWrap>
            );
          }}
        </Loaded>
      </Section>
    </>
  );
}

type Entry = Schemas['DisciplineListResponse']['entries'][number];

function Entries({ entries, persons }: { entries: Entry[]; persons: boolean }) {
  if (entries.length === 0) return <p>{t('无。', 'None.')}</p>;
  return (
    <TableWrap label={persons ? t('从业禁止人员', 'Barred persons') : t('严重违法失信名单', 'Serious listings')}>
      <table>
        <thead>
          <tr>
            <th scope="col">{t('企业', 'Enterprise')}</th>
            <th scope="col">{t('区划', 'Region')}</th>
            <th scope="col">{t('违法行为', 'Violation')}</th>
            <th scope="col">{t('列入日期', 'Listed')}</th>
            <th scope="col">{t('期满日期', 'Expires')}</th>
            {persons ? <th scope="col">{t('人员', 'Persons')}</th> : null}
            <th scope="col">{t('惩戒措施', 'Measures')}</th>
            <th scope="col">{t('决定书', 'Decision')}</th>
          </tr>
        </thead>
        <tbody>
          {entries.map((e) => (
            <tr key={`${e.kind}:${e.recordId}:${e.uscc}`}>
              <td>
                <EnterpriseLink uscc={e.uscc} name={e.name} />
                <span class="mono small block">{e.uscc}</span>
              </td>
              <td class="nowrap">{regionLabel(e.region)}</td>
              <td>{violationLabel(e.violation)}</td>
              <td class="nowrap">{e.listedOn}</td>
              <td class="nowrap">{e.expiresOn}</td>
              {persons ? (
                <td>
                  {e.persons.map((p) => (
                    <span key={`${p.name}${p.idMasked}`} class="block">
                      {p.name} ({roleLabel(p.role)}) <span class="mono small">{p.idMasked}</span>
                    </span>
                  ))}
                </td>
              ) : null}
              <td>
                <ul class="plain small">
                  {e.measures.map((m) => (
                    <li key={m.code}>{lang() === 'zh' ? m.zh : m.en}</li>
                  ))}
                </ul>
              </td>
              <td class="mono small">{e.recordId}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableWrap>
  );
}
