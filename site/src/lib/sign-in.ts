import type { AstroCookies } from 'astro';
import {
  calculatePKCECodeChallenge,
  generateRandomCodeVerifier,
  generateRandomNonce,
  generateRandomState,
} from 'oauth4webapi';
import { publicApi, saveTokens } from './api';

/**
 * Sign-in on the identity provider's own page (Auth0's Universal Login): the authorization code
 * flow with PKCE. This server makes each attempt's state, nonce and code verifier, keeps them in
 * an HttpOnly cookie only the callback receives (which binds the attempt to this browser), and
 * hands the code to the gateway, which redeems it with the client secret and verifies the ID
 * token. The tokens end up in the usual session cookies; the browser never sees one.
 */
const CALLBACK_PATH = '/auth/callback';
const ATTEMPT_COOKIE = 'edu_signin';
/** Long enough to sign in (or sign up) on the login page; the provider's code lives far shorter. */
const ATTEMPT_MAX_AGE_SECONDS = 15 * 60;
const ATTEMPT_FIELDS = ['state', 'nonce', 'verifier', 'redirectUri', 'next'] as const;
type Attempt = Record<(typeof ATTEMPT_FIELDS)[number], string>;

/** Only local paths: `next` must not turn sign-in into an open redirect. */
export function localPath(candidate: string | null, fallback: string): string {
  return candidate?.startsWith('/') && !candidate.startsWith('//') && !candidate.startsWith('/\\')
    ? candidate
    : fallback;
}

/** The origin the visitor sees (the front server proxies to us and says so in X-Forwarded-*). */
function visibleOrigin(request: Request): string {
  const url = new URL(request.url);
  const host = request.headers.get('x-forwarded-host') ?? request.headers.get('host') ?? url.host;
  const proto = request.headers.get('x-forwarded-proto') ?? url.protocol.replace(':', '');
  return `${proto}://${host}`;
}

/**
 * Starts an attempt and answers where to send the browser, or null when the platform has no
 * hosted login page (the embedded issuer: the site's own password form is the way in).
 */
export async function beginSignIn(
  cookies: AstroCookies,
  request: Request,
  next: string,
): Promise<string | null> {
  const attempt: Attempt = {
    state: generateRandomState(),
    nonce: generateRandomNonce(),
    verifier: generateRandomCodeVerifier(),
    redirectUri: `${visibleOrigin(request)}${CALLBACK_PATH}`,
    next: localPath(next, '/me/courses'),
  };
  const { response } = await publicApi().GET('/api/v1/auth/authorize', {
    params: {
      query: {
        redirect_uri: attempt.redirectUri,
        state: attempt.state,
        nonce: attempt.nonce,
        code_challenge: await calculatePKCECodeChallenge(attempt.verifier),
        code_challenge_method: 'S256',
      },
    },
  });
  if (response.status === 409) return null;
  const location = response.headers.get('location');
  if (response.status !== 302 || !location) {
    throw new Error(`GET /api/v1/auth/authorize answered ${response.status}`);
  }
  cookies.set(ATTEMPT_COOKIE, new URLSearchParams(attempt).toString(), {
    httpOnly: true,
    secure: true,
    // Lax: the provider sends the browser back with a top-level GET, which carries it.
    sameSite: 'lax',
    path: CALLBACK_PATH,
    maxAge: ATTEMPT_MAX_AGE_SECONDS,
  });
  return location;
}

function attemptOf(cookie: string | undefined): Attempt | null {
  if (!cookie) return null;
  const fields = new URLSearchParams(cookie);
  const attempt: Partial<Attempt> = {};
  for (const field of ATTEMPT_FIELDS) {
    const value = fields.get(field);
    if (!value) return null;
    attempt[field] = value;
  }
  return attempt as Attempt;
}

/**
 * Finishes the attempt the provider returned to the callback with: the `state` must be this
 * browser's, and the gateway must accept the code (once, with this attempt's verifier and nonce).
 * Answers the local path to continue to, or null when the sign-in is refused. Each attempt is
 * usable once: its cookie is gone afterwards, whatever the outcome.
 */
export async function completeSignIn(cookies: AstroCookies, callback: URL): Promise<string | null> {
  const attempt = attemptOf(cookies.get(ATTEMPT_COOKIE)?.value);
  cookies.delete(ATTEMPT_COOKIE, { path: CALLBACK_PATH });
  const code = callback.searchParams.get('code');
  if (!attempt || !code || callback.searchParams.get('state') !== attempt.state) return null;
  const { data } = await publicApi().POST('/api/v1/auth/code', {
    body: { code, code_verifier: attempt.verifier, redirect_uri: attempt.redirectUri, nonce: attempt.nonce },
  });
  if (!data) return null;
  saveTokens(cookies, data);
  return localPath(attempt.next, '/me/courses');
}
