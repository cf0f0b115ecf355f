import { type AppEnv, isServedOverHttps } from '@edu/platform/http';
import type { Context, MiddlewareHandler } from 'hono';
import { NONCE, secureHeaders } from 'hono/secure-headers';

type ContentSecurityPolicy = NonNullable<Parameters<typeof secureHeaders>[0]>['contentSecurityPolicy'];

/** A JSON or problem+json answer is never a document: it may load nothing and be framed nowhere. */
const API_CONTENT_SECURITY_POLICY = {
  defaultSrc: ["'none'"],
  frameAncestors: ["'none'"],
} satisfies ContentSecurityPolicy;

/** Browser features no page of ours uses; a page cannot be made to ask for them either. */
const PERMISSIONS_POLICY = {
  accelerometer: [],
  camera: [],
  geolocation: [],
  gyroscope: [],
  magnetometer: [],
  microphone: [],
  payment: [],
  usb: [],
};

const STRICT_TRANSPORT_SECURITY = 'max-age=31536000; includeSubDomains';

/**
 * The gateway's security headers on every answer, errors included (registered first, it wraps
 * the error handler's response too). A route serving a page sets its own policy with
 * `pageContentSecurityPolicy`, which this keeps; everything else gets the API's locked-down one.
 */
export function securityHeaders(): MiddlewareHandler<AppEnv> {
  const standard = secureHeaders({
    contentSecurityPolicy: API_CONTENT_SECURITY_POLICY,
    xFrameOptions: 'DENY',
    referrerPolicy: 'no-referrer',
    permissionsPolicy: PERMISSIONS_POLICY,
    // Sent only over HTTPS, below; hono would send it on every answer.
    strictTransportSecurity: false,
    overwrite: false,
  });
  return (c, next) =>
    standard(c, async () => {
      await next();
      // Responses from fetch() (a service over an HTTP binding) have immutable headers: copy once.
      try {
        c.res.headers.delete('x-powered-by');
      } catch {
        c.res = new Response(c.res.body, c.res);
      }
      if (isServedOverHttps(c.req.raw))
        c.res.headers.set('Strict-Transport-Security', STRICT_TRANSPORT_SECURITY);
    });
}

/** Only the Content-Security-Policy header: the rest comes from `securityHeaders`. */
const CSP_ONLY = {
  crossOriginResourcePolicy: false,
  crossOriginOpenerPolicy: false,
  originAgentCluster: false,
  referrerPolicy: false,
  strictTransportSecurity: false,
  xContentTypeOptions: false,
  xDnsPrefetchControl: false,
  xDownloadOptions: false,
  xFrameOptions: false,
  xPermittedCrossDomainPolicies: false,
  xXssProtection: false,
  removePoweredBy: false,
} as const;

/**
 * The policy of an HTML page the gateway serves. Put `NONCE` where the page's own inline
 * elements need it; the handler reads the request's nonce with `cspNonce(c)`.
 *
 * @example app.use('/', pageContentSecurityPolicy({ defaultSrc: ["'none'"], styleSrc: [NONCE] }))
 */
export function pageContentSecurityPolicy(policy: ContentSecurityPolicy): MiddlewareHandler {
  return secureHeaders({ ...CSP_ONLY, contentSecurityPolicy: policy });
}

/** This request's CSP nonce (set by `pageContentSecurityPolicy` when its policy uses `NONCE`). */
export function cspNonce(c: Context): string {
  const nonce = c.get('secureHeadersNonce');
  if (!nonce) throw new Error('no CSP nonce: the route has no pageContentSecurityPolicy with NONCE');
  return nonce;
}

export { NONCE };
