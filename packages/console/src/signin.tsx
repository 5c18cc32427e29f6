// The sign-in page: shown whenever there is no usable token — first visit, expired token, any 401.
// Locally it explains `npm run token` and takes a pasted token or link; in the cloud it starts
// the OIDC sign-in.
import { useState } from 'preact/hooks';
import { type SignOutReason, signInWithToken } from './auth/auth.ts';
import { tokenFromInput } from './auth/session.ts';
import { PageTitle } from './components/ui.tsx';
import type { ConsoleConfig } from './config.ts';
import { t } from './i18n.ts';

function message(reason: SignOutReason | null): string | null {
  switch (reason) {
    case 'expired':
      return t('登录已过期，请重新登录。', 'Your sign-in has expired. Please sign in again.');
    case 'unauthorized':
      return t('服务器不接受此令牌，请重新登录。', 'The server did not accept the token. Please sign in again.');
    case 'malformed':
      return t('这不是有效的令牌。', 'That is not a valid token.');
    case 'claims':
      return t('令牌缺少管辖区划或角色。', 'The token carries no usable regions or role.');
    case 'signed-out':
      return t('您已退出登录。', 'You have signed out.');
    case 'oidc-error':
      return t('统一身份认证未完成。', 'The sign-in with the identity provider did not complete.');
    default:
      return null;
  }
}

export function SignIn({
  config,
  reason,
  detail,
  onOidc,
}: {
  config: ConsoleConfig;
  reason: SignOutReason | null;
  detail: string | null;
  onOidc: () => void;
}) {
  const [text, setText] = useState('');
  const [invalid, setInvalid] = useState(false);
  const note = message(reason);
  const submit = (e: Event) => {
    e.preventDefault();
    const token = tokenFromInput(text);
    const ok = token !== null && signInWithToken(token);
    setInvalid(!ok);
    if (ok) setText('');
  };
  return (
    <div class="signin">
      <PageTitle title={t('登录', 'Sign in')} />
      {note ? (
        <div class={`notice ${reason === 'signed-out' ? '' : 'notice-error'}`} role="alert">
          <p>{note}</p>
          {detail && reason !== 'signed-out' ? (
            <p class="muted">
              {t('原因：', 'Reason: ')}
              {detail}
            </p>
          ) : null}
        </div>
      ) : null}
      {config.auth.mode === 'oidc' ? (
        <section class="panel">
          <p>
            {t(
              '请使用单位统一身份认证账号登录。登录信息只保存在当前浏览器标签页中，关闭标签页即退出。',
              'Sign in with your organisation account. The sign-in is kept for this browser tab only; closing the tab signs you out.',
            )}
          </p>
          <button type="button" class="button" onClick={onOidc}>
            {t('登录', 'Sign in')}
          </button>
        </section>
      ) : (
        <section class="panel" aria-labelledby="token-h">
          <h2 id="token-h">{t('使用本地令牌登录', 'Sign in with a local token')}</h2>
          <p>
            {t(
              '在运行 npm run serve 的计算机上执行下面的命令，它会打印登录链接 http://127.0.0.1:端口/console/#token=…，在本浏览器中打开即可：',
              'On the machine running npm run serve, this command prints a sign-in link, http://127.0.0.1:PORT/console/#token=…; open it in this browser:',
            )}
          </p>
          <pre class="command">
            <code>npm run -s token -- --region 330302</code>
          </pre>
          <p>
            {t(
              '--region 可以是区县（330302）、地市（330300，含所辖区县）或省（330000）；--role admin 可以抽取计划。令牌只保存在当前标签页中，关闭标签页即退出。',
              '--region may be a district (330302), a city (330300, with its districts) or a province (330000); --role admin may draw plans. The token is kept for this tab only; closing the tab signs you out.',
            )}
          </p>
          <form onSubmit={submit} class="form" noValidate>
            <label for="token-input">{t('或粘贴令牌或登录链接', 'Or paste the token or the sign-in link')}</label>
            <textarea
              id="token-input"
              rows={3}
              value={text}
              autoComplete="off"
              spellcheck={false}
              aria-invalid={invalid ? 'true' : undefined}
              aria-describedby={invalid ? 'token-error' : undefined}
              onInput={(e) => setText((e.target as HTMLTextAreaElement).value)}
            />
            {invalid ? (
              <p id="token-error" class="field-error">
                {t('令牌无效或已过期。', 'The token is invalid or has expired.')}
              </p>
            ) : null}
            <button type="submit" class="button">
              {t('登录', 'Sign in')}
            </button>
          </form>
        </section>
      )}
    </div>
  );
}
