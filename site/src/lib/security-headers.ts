/**
 * The headers every site response carries: the gateway's set (test/security-headers.test.ts holds
 * both to the same values), but for a Referrer-Policy that keeps the origin on links out. Pages
 * get their Content-Security-Policy from Astro (`security.csp` in astro.config.mjs: hashes of each
 * page's scripts and styles); any other answer of ours (redirects, endpoints, plain-text errors)
 * is no document and gets the locked-down one.
 */
const BASELINE: Record<string, string> = {
  'X-Content-Type-Options': 'nosniff',
  'X-Frame-Options': 'DENY',
  'Referrer-Policy': 'strict-origin-when-cross-origin',
  'Permissions-Policy':
    'accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), microphone=(), payment=(), usb=()',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
};

const LOCKED_DOWN_CSP = "default-src 'none'; frame-ancestors 'none'";

const STRICT_TRANSPORT_SECURITY = 'max-age=31536000; includeSubDomains';

/**
 * `response` with the security headers set. `https`: the visitor reached us over HTTPS, the only
 * case where HSTS means anything (browsers ignore it over plain HTTP).
 */
export function withSecurityHeaders(response: Response, https: boolean): Response {
  const headers = response.headers;
  for (const [name, value] of Object.entries(BASELINE)) headers.set(name, value);
  if (!headers.has('content-security-policy')) headers.set('Content-Security-Policy', LOCKED_DOWN_CSP);
  if (https) headers.set('Strict-Transport-Security', STRICT_TRANSPORT_SECURITY);
  // A plain `new Response(text)` leaves with no type under Bun; with nosniff it must say what it is.
  if (response.body !== null && !headers.has('content-type'))
    headers.set('Content-Type', 'text/plain; charset=utf-8');
  return response;
}
