// The console's sign-in logic without a browser: the #token= fragment, expiry, the claims it
// reads, what the paste field accepts, and PKCE (RFC 7636).
import { describe, expect, it } from 'vitest';
import {
  authorizationUrl,
  bearerFromTokenResponse,
  checkToken,
  fragmentToken,
  type OidcConfig,
  parseCallback,
  parseRegions,
  s256Challenge,
  TOKEN_KEY,
  takeFragmentToken,
  tokenFromInput,
} from '../src/auth/session.ts';

const NOW = Date.UTC(2026, 10, 30, 4, 0, 0); // 2026-11-30T04:00:00Z
const b64url = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
const jwt = (payload: Record<string, unknown>) => `${b64url({ alg: 'HS256', typ: 'JWT' })}.${b64url(payload)}.c2ln`;
const valid = { regions: ['330302'], role: 'regulator', sub: 'local-regulator', exp: NOW / 1000 + 3600 };

function memoryStorage() {
  const map = new Map<string, string>();
  return {
    map,
    getItem: (k: string) => map.get(k) ?? null,
    setItem: (k: string, v: string) => void map.set(k, v),
    removeItem: (k: string) => void map.delete(k),
  };
}

describe('the #token= fragment', () => {
  it('is stored for the tab and the address to put back has no fragment', () => {
    const storage = memoryStorage();
    const token = jwt(valid);
    const taken = takeFragmentToken(
      { pathname: '/console/enterprises/91330302MA2XTT1KW0', search: '?x=1', hash: `#token=${token}` },
      storage,
    );
    expect(taken).toEqual({ token, replaceWith: '/console/enterprises/91330302MA2XTT1KW0?x=1' });
    expect(storage.map.get(TOKEN_KEY)).toBe(token);
  });

  it('another fragment, or none, is left alone', () => {
    const storage = memoryStorage();
    expect(takeFragmentToken({ pathname: '/console/', search: '', hash: '#records' }, storage)).toEqual({
      token: null,
      replaceWith: null,
    });
    expect(takeFragmentToken({ pathname: '/console/', search: '', hash: '' }, storage).replaceWith).toBeNull();
    expect(storage.map.size).toBe(0);
    expect(fragmentToken('#token=')).toBeNull();
  });

  it('the paste field takes the token, "Bearer <token>" or the whole sign-in link', () => {
    const token = jwt(valid);
    expect(tokenFromInput(`  ${token}\n`)).toBe(token);
    expect(tokenFromInput(`Bearer ${token}`)).toBe(token);
    expect(tokenFromInput(`http://127.0.0.1:3000/console/#token=${token}`)).toBe(token);
    expect(tokenFromInput('   ')).toBeNull();
  });
});

describe('token checks', () => {
  it('a token with regions, role and a future exp is usable', () => {
    expect(checkToken(jwt(valid), NOW)).toEqual({
      ok: true,
      claims: { subject: 'local-regulator', role: 'regulator', regions: ['330302'], expiresAt: valid.exp },
    });
  });

  it('an expired token, or one about to expire, is refused as expired', () => {
    expect(checkToken(jwt({ ...valid, exp: NOW / 1000 - 1 }), NOW)).toMatchObject({ ok: false, reason: 'expired' });
    expect(checkToken(jwt({ ...valid, exp: NOW / 1000 + 2 }), NOW)).toMatchObject({ ok: false, reason: 'expired' });
    expect(checkToken(jwt(valid), valid.exp * 1000)).toMatchObject({ ok: false, reason: 'expired' });
  });

  it('no exp, not a JWT, or no usable claims is refused', () => {
    const { exp: _exp, ...noExp } = valid;
    expect(checkToken(jwt(noExp), NOW)).toMatchObject({ ok: false, reason: 'malformed' });
    expect(checkToken('not.a.jwt!', NOW)).toMatchObject({ ok: false, reason: 'malformed' });
    expect(checkToken('abc', NOW)).toMatchObject({ ok: false, reason: 'malformed' });
    expect(checkToken(jwt({ ...valid, regions: ['33030'] }), NOW)).toMatchObject({ ok: false, reason: 'claims' });
    expect(checkToken(jwt({ ...valid, role: 'root' }), NOW)).toMatchObject({ ok: false, reason: 'claims' });
  });

  it('reads Cognito custom attributes and every rendering of regions the API accepts', () => {
    const cognito = { 'custom:regions': '[330302 330303]', 'custom:role': 'admin', exp: valid.exp };
    expect(checkToken(jwt(cognito), NOW)).toMatchObject({
      ok: true,
      claims: { role: 'admin', regions: ['330302', '330303'] },
    });
    expect(parseRegions('["330300"]')).toEqual(['330300']);
    expect(parseRegions([330000, '330302', '330302'])).toEqual(['330000', '330302']);
    expect(parseRegions('')).toBeNull();
  });
});

describe('OIDC authorization code with PKCE', () => {
  const config: OidcConfig = {
    mode: 'oidc',
    issuer: 'https://cognito-idp.cn-north-1.amazonaws.com.cn/pool',
    clientId: 'client-1',
    authorizeUrl: 'https://fenji.auth.example/oauth2/authorize',
    tokenUrl: 'https://fenji.auth.example/oauth2/token',
    scopes: ['openid', 'profile'],
    redirectUri: 'https://console.example/console/',
  };
  const pending = { state: 'state-1', verifier: 'dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk', returnTo: '/console/' };

  it('S256 challenge of RFC 7636 Appendix B', async () => {
    expect(await s256Challenge(pending.verifier)).toBe('E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM');
  });

  it('the authorization request carries the client, state, challenge and S256', async () => {
    const url = new URL(authorizationUrl(config, pending, 'challenge-1'));
    expect(Object.fromEntries(url.searchParams)).toEqual({
      response_type: 'code',
      client_id: 'client-1',
      redirect_uri: 'https://console.example/console/',
      scope: 'openid profile',
      state: 'state-1',
      code_challenge: 'challenge-1',
      code_challenge_method: 'S256',
    });
  });

  it('a callback is accepted only with the state of this tab', () => {
    expect(parseCallback('?code=abc&state=state-1', pending)).toEqual({ kind: 'code', code: 'abc' });
    expect(parseCallback('?code=abc&state=other', pending).kind).toBe('error');
    expect(parseCallback('?code=abc&state=state-1', null).kind).toBe('error');
    expect(parseCallback('?error=access_denied&state=state-1', pending)).toEqual({
      kind: 'error',
      message: 'access_denied',
    });
    expect(parseCallback('', pending)).toEqual({ kind: 'none' });
  });

  it('the ID token is the bearer (the JWT authorizer checks aud; Cognito access tokens have none)', () => {
    expect(bearerFromTokenResponse({ id_token: 'id', access_token: 'access' })).toBe('id');
    expect(bearerFromTokenResponse({ access_token: 'access' })).toBeNull();
  });
});
