// The console's response headers in the cloud, in one place: the CloudFront response headers
// policy is built from these, and the template test compares the policy with them. The local
// server (`npm run serve`) sends the same set; once @fenji/app exports its constant, this file
// should take the values from there (one list for both).
//
// CSP: everything from the distribution itself ('self': the console's files and the API, which
// share the origin), plus the OIDC issuer for `connect-src` — the console POSTs the
// authorization code to the issuer's token endpoint. Signing in and out are top-level
// navigations to the issuer (location.assign), which no CSP directive governs: `form-action`
// stays 'none' because the console submits no form anywhere.

/** Every directive but `connect-src`'s extra origins; the console needs nothing else. */
const CSP_DIRECTIVES: readonly (readonly [string, string])[] = [
  ['default-src', "'none'"],
  ['script-src', "'self'"],
  ['style-src', "'self'"],
  ['img-src', "'self' data:"],
  ['font-src', "'self'"],
  ['connect-src', "'self'"],
  ['manifest-src', "'self'"],
  ['base-uri', "'none'"],
  ['form-action', "'none'"],
  ['frame-ancestors', "'none'"],
];

/**
 * The Content-Security-Policy with `connectOrigins` (the OIDC issuer's origin, and its token
 * endpoint's when that differs) added to `connect-src`. Origins may be deploy-time tokens.
 */
export function consoleCsp(connectOrigins: readonly string[]): string {
  const extra = [...new Set(connectOrigins)];
  return CSP_DIRECTIVES.map(([name, value]) =>
    name === 'connect-src' && extra.length > 0 ? `${name} ${value} ${extra.join(' ')}` : `${name} ${value}`,
  ).join('; ');
}

/** Two years, subdomains included (the HSTS preload list's minimum is one year). */
export const HSTS_MAX_AGE_SECONDS = 63_072_000;

/** Headers CloudFront sets as security headers (always overriding the origin's). */
export const CONSOLE_SECURITY_HEADERS = {
  strictTransportSecurity: `max-age=${HSTS_MAX_AGE_SECONDS}; includeSubDomains`,
  contentTypeOptions: 'nosniff',
  referrerPolicy: 'no-referrer',
  frameOptions: 'DENY',
} as const;

/** Headers CloudFront has no security-header field for: sent as custom headers. */
export const CONSOLE_CUSTOM_HEADERS = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Permissions-Policy': 'camera=(), microphone=(), geolocation=()',
} as const;

/** The whole set as HTTP headers (for comparison with the local server's). */
export function consoleHeaders(connectOrigins: readonly string[]): Record<string, string> {
  return {
    'Content-Security-Policy': consoleCsp(connectOrigins),
    'Strict-Transport-Security': CONSOLE_SECURITY_HEADERS.strictTransportSecurity,
    'X-Content-Type-Options': CONSOLE_SECURITY_HEADERS.contentTypeOptions,
    'Referrer-Policy': CONSOLE_SECURITY_HEADERS.referrerPolicy,
    'X-Frame-Options': CONSOLE_SECURITY_HEADERS.frameOptions,
    ...CONSOLE_CUSTOM_HEADERS,
  };
}
