// The security headers of every response of the regulators' web console (packages/console), in
// one place: npm run serve sends them (packages/local/src/serve.ts) and the cloud hosting
// (infra) asserts and sets the same values. The console is a static app on the API's origin:
// it loads nothing from any other origin, runs no inline script or style, is never framed,
// and asks for no device.
/** Content-Security-Policy: same origin only; `data:` images for inline icons and charts. */
export const CONSOLE_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "manifest-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

/** Header name → value, names as they are usually written (HTTP header names are case-insensitive). */
export const CONSOLE_SECURITY_HEADERS: Readonly<Record<string, string>> = Object.freeze({
  'Content-Security-Policy': CONSOLE_CSP,
  // Two years, subdomains too: the console carries bearer tokens, never over plain HTTP.
  'Strict-Transport-Security': 'max-age=63072000; includeSubDomains',
  'X-Content-Type-Options': 'nosniff',
  // A deep link names an enterprise (its USCC in the path): it is not sent on to anyone.
  'Referrer-Policy': 'no-referrer',
  // frame-ancestors says it to current browsers; this, to older ones.
  'X-Frame-Options': 'DENY',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Permissions-Policy': 'camera=(), microphone=(), geolocation=()',
});

/** Hashed build assets (`/console/assets/…`): their name changes with their content. */
export const CONSOLE_ASSET_CACHE_CONTROL = 'public, max-age=31536000, immutable';
/** index.html, config.json and other unhashed files: revalidated on every load. */
export const CONSOLE_PAGE_CACHE_CONTROL = 'no-cache';
