// The frame of every page (skip link, masthead, navigation, main, footer), the sign-in page, and
// the route table. Pages are separate chunks, loaded when first shown.
import type { ComponentType } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { type AuthState, authState, onAuth, signOut, startOidc } from './auth/auth.ts';
import type { Claims } from './auth/session.ts';
import { ErrorView, Loading, NotFound, PageTitle } from './components/ui.tsx';
import type { ConsoleConfig } from './config.ts';
import { instant } from './format.ts';
import { lang, onLang, setLang, t } from './i18n.ts';
import { regionLabel, roleLabel } from './labels.ts';
import { Link, type Location, match, useLocation } from './router.tsx';
import { SignIn } from './signin.tsx';

export interface PageProps {
  params: Record<string, string>;
  query: URLSearchParams;
  claims: Claims;
}

type Loader = () => Promise<{ default: ComponentType<PageProps> }>;

const ROUTES: [string, Loader][] = [
  ['/', () => import('./pages/home.tsx')],
  ['/enterprises', () => import('./pages/search.tsx')],
  ['/enterprises/:uscc', () => import('./pages/enterprise.tsx')],
  ['/regions', () => import('./pages/regions.tsx')],
  ['/regions/:code', () => import('./pages/region.tsx')],
  ['/discipline', () => import('./pages/discipline.tsx')],
  ['/plans', () => import('./pages/plan.tsx')],
  ['/plans/:period', () => import('./pages/plan.tsx')],
  ['/cases', () => import('./pages/cases.tsx')],
  ['/runs', () => import('./pages/runs.tsx')],
  ['/runs/:runId', () => import('./pages/runs.tsx')],
];

const NAV: { to: string; zh: string; en: string; section: string }[] = [
  { to: '/', zh: '工作台', en: 'Overview', section: '/' },
  { to: '/enterprises', zh: '企业查询', en: 'Enterprises', section: '/enterprises' },
  { to: '/regions', zh: '辖区', en: 'Regions', section: '/regions' },
  { to: '/discipline', zh: '联合惩戒', en: 'Joint discipline', section: '/discipline' },
  { to: '/plans', zh: '双随机抽查', en: 'Inspection plans', section: '/plans' },
  { to: '/cases', zh: '时限案件', en: 'Deadline cases', section: '/cases' },
  { to: '/runs', zh: '评定批次', en: 'Grading runs', section: '/runs' },
];

const loaded = new Map<Loader, ComponentType<PageProps>>();

function Lazy({ load, props }: { load: Loader; props: PageProps }) {
  const [Page, setPage] = useState<ComponentType<PageProps> | null>(() => loaded.get(load) ?? null);
  const [error, setError] = useState<Error | null>(null);
  useEffect(() => {
    if (loaded.has(load)) return;
    load().then(
      (m) => {
        loaded.set(load, m.default);
        setPage(() => m.default);
      },
      (e: Error) => setError(e),
    );
  }, [load]);
  if (error) return <ErrorView error={error} />;
  if (!Page) return <Loading />;
  return <Page {...props} />;
}

function routeOf(location: Location): { load: Loader; params: Record<string, string> } | null {
  for (const [pattern, load] of ROUTES) {
    const params = match(pattern, location.path);
    if (params) return { load, params };
  }
  return null;
}

function LangToggle() {
  const next = lang() === 'zh' ? 'en' : 'zh';
  return (
    <button type="button" class="link-button" onClick={() => setLang(next)} lang={next === 'en' ? 'en' : 'zh-CN'}>
      {next === 'en' ? 'English' : '中文'}
    </button>
  );
}

function Masthead({ claims }: { claims: Claims | null }) {
  return (
    <header class="masthead">
      <div class="masthead-inner">
        <div class="brand">
          <span class="brand-mark" aria-hidden="true">
            分
          </span>
          <span>
            <span class="brand-title">{t('食品药品风险分级监管平台', 'Food and drug risk grading')}</span>
            <span class="brand-sub">fenji · {t('市场监督管理部门', 'market regulators')}</span>
          </span>
        </div>
        <div class="masthead-tools">
          {claims ? (
            <p class="who">
              <span class="sr-only">{t('当前用户：', 'Signed in: ')}</span>
              {roleLabel(claims.role)} · {claims.regions.map(regionLabel).join('、')}
              <span class="who-exp">
                {t('有效期至 ', 'valid until ')}
                {instant(new Date(claims.expiresAt * 1000).toISOString())}
              </span>
            </p>
          ) : null}
          <LangToggle />
          {claims ? (
            <button type="button" class="link-button" onClick={() => signOut('signed-out')}>
              {t('退出', 'Sign out')}
            </button>
          ) : null}
        </div>
      </div>
    </header>
  );
}

function Nav({ path }: { path: string }) {
  return (
    <nav class="nav" aria-label={t('主导航', 'Main')}>
      <ul>
        {NAV.map((n) => {
          const current = n.section === '/' ? path === '/' : path === n.section || path.startsWith(`${n.section}/`);
          return (
            <li key={n.to}>
              <Link to={n.to} aria-current={current ? 'page' : undefined}>
                {t(n.zh, n.en)}
              </Link>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}

function Footer() {
  return (
    <footer class="footer">
      <p>
        {t(
          '数据仅限您的管辖区划；个人身份证号码仅以脱敏形式显示。日期时间为北京时间（Asia/Shanghai）。',
          'Data of your regions only; personal ID numbers are shown masked. Times are Beijing time (Asia/Shanghai).',
        )}
      </p>
    </footer>
  );
}

export function App({ config }: { config: ConsoleConfig }) {
  const [, rerender] = useState(0);
  useEffect(() => {
    const bump = () => rerender((n) => n + 1);
    const offAuth = onAuth(bump);
    const offLang = onLang(bump);
    return () => {
      offAuth();
      offLang();
    };
  }, []);
  const location = useLocation();
  const auth: AuthState = authState();
  const claims = auth.status === 'signed-in' ? auth.claims : null;
  const route = routeOf(location);

  return (
    <>
      <a class="skip-link" href="#main">
        {t('跳到正文', 'Skip to main content')}
      </a>
      <Masthead claims={claims} />
      {claims ? <Nav path={location.path} /> : null}
      <main id="main" tabIndex={-1} class="main">
        {auth.status !== 'signed-in' ? (
          <SignIn
            config={config}
            reason={auth.reason}
            detail={auth.detail}
            onOidc={() =>
              config.auth.mode === 'oidc'
                ? startOidc(config.auth, `${window.location.pathname}${window.location.search}`)
                : undefined
            }
          />
        ) : route ? (
          <Lazy
            key={location.path}
            load={route.load}
            props={{ params: route.params, query: location.query, claims: auth.claims }}
          />
        ) : (
          <>
            <PageTitle title={t('页面不存在', 'No such page')} />
            <NotFound what={t('控制台没有这个页面。', 'The console has no such page.')} />
          </>
        )}
      </main>
      <Footer />
    </>
  );
}
