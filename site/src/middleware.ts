import { defineMiddleware } from 'astro:middleware';
import type { APIContext, MiddlewareNext } from 'astro';
import { apiFor } from './lib/api';
import { pickLang } from './lib/i18n';
import { withSecurityHeaders } from './lib/security-headers';
import { withVisitor } from './lib/visitor';

const CSRF_COOKIE = 'edu_csrf';

/** The origin the visitor sees: the gateway proxies to us and says so in X-Forwarded-*. */
function publicOrigin(request: Request): string {
  const url = new URL(request.url);
  const host = request.headers.get('x-forwarded-host') ?? request.headers.get('host') ?? url.host;
  const proto = request.headers.get('x-forwarded-proto') ?? url.protocol.replace(':', '');
  return `${proto}://${host}`;
}

/**
 * Per request: the locale, the visitor (from the session cookies), and CSRF protection —
 * every POST must come from our own origin and carry the session's synchronizer token.
 * Every answer, the refused ones too, leaves with the security headers.
 */
export const onRequest = defineMiddleware(async (context, next) =>
  withSecurityHeaders(
    await withVisitor(context.request, () => handle(context, next)),
    publicOrigin(context.request).startsWith('https:'),
  ),
);

const handle = async (context: APIContext, next: MiddlewareNext): Promise<Response> => {
  const { request, cookies, locals } = context;
  locals.lang = pickLang(cookies.get('lang')?.value, request.headers.get('accept-language'));

  let csrf = cookies.get(CSRF_COOKIE)?.value;
  if (!csrf) {
    csrf = crypto.randomUUID();
    cookies.set(CSRF_COOKIE, csrf, { httpOnly: true, secure: true, sameSite: 'lax', path: '/' });
  }
  locals.csrf = csrf;

  if (request.method === 'POST') {
    const origin = request.headers.get('origin');
    const form = await request
      .clone()
      .formData()
      .catch(() => null);
    const token = form?.get('_csrf');
    if ((origin !== null && origin !== publicOrigin(request)) || token !== cookies.get(CSRF_COOKIE)?.value) {
      return new Response('Forbidden: cross-site request', { status: 403 });
    }
  }

  locals.user = null;
  if (cookies.has('edu_at') || cookies.has('edu_rt')) {
    const { data: me } = await apiFor(cookies).GET('/api/v1/auth/me');
    if (me) locals.user = me;
  }
  return next();
};
