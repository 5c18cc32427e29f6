// /console/config.json, served beside the console: where the API is and how to sign in.
// Locally {"apiBase": "", "auth": {"mode": "token"}}; in the cloud the OIDC issuer and client.
import type { OidcConfig } from './auth/session.ts';

export interface ConsoleConfig {
  /** '' = the console's own origin. */
  apiBase: string;
  auth: { mode: 'token' } | OidcConfig;
}

function isOidc(a: Record<string, unknown>): boolean {
  return (
    ['issuer', 'clientId', 'authorizeUrl', 'tokenUrl', 'redirectUri'].every((k) => typeof a[k] === 'string') &&
    Array.isArray(a.scopes)
  );
}

export async function loadConfig(): Promise<ConsoleConfig> {
  const response = await fetch(`${import.meta.env.BASE_URL}config.json`, { cache: 'no-store' });
  if (!response.ok) throw new Error(`config.json: HTTP ${response.status}`);
  const body = (await response.json()) as { apiBase?: unknown; auth?: Record<string, unknown> };
  const apiBase = typeof body.apiBase === 'string' ? body.apiBase.replace(/\/$/, '') : '';
  const auth = body.auth ?? {};
  if (auth.mode === 'token') return { apiBase, auth: { mode: 'token' } };
  if (auth.mode === 'oidc' && isOidc(auth)) return { apiBase, auth: auth as unknown as OidcConfig };
  throw new Error(
    'config.json: auth.mode must be "token" or "oidc" with issuer, clientId, authorizeUrl, tokenUrl, scopes and redirectUri',
  );
}
