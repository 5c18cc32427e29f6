// Entry: the #token= fragment leaves the address bar before anything else runs, then the
// configuration is read, an OIDC callback completed, the stored token restored, and the app drawn.
import './styles.css';
import { render } from 'preact';
import { initApi } from './api/client.ts';
import { App } from './app.tsx';
import { captureFragment, completeOidc, restore } from './auth/auth.ts';
import { loadConfig } from './config.ts';
import { initLang, t } from './i18n.ts';

captureFragment();
initLang();

const root = document.getElementById('app') as HTMLElement;

async function start(): Promise<void> {
  let config: Awaited<ReturnType<typeof loadConfig>>;
  try {
    config = await loadConfig();
  } catch (e) {
    render(
      <main class="main" id="main">
        <h1>{t('无法启动', 'The console cannot start')}</h1>
        <p role="alert">
          {t('配置文件无法读取：', 'Its configuration could not be read: ')}
          {(e as Error).message}
        </p>
      </main>,
      root,
    );
    return;
  }
  initApi(config.apiBase);
  await completeOidc(config);
  restore();
  render(<App config={config} />, root);
}

void start();
