import { type components, createClient, type EduClient } from '@edu/sdk';
import type { AstroCookies } from 'astro';
import { markVisitor } from './visitor';

/**
 * The site's only door to the platform: the public API of the gateway, through the typed SDK
 * (@edu/sdk), so every path, parameter, body and answer is checked against the OpenAPI document
 * at compile time. Tokens live in HttpOnly cookies that only this server reads; page JavaScript
 * never sees them.
 */
const apiOrigin = (): string =>
  (globalThis as { process?: { env: Record<string, string | undefined> } }).process?.env.API_ORIGIN ??
  'http://127.0.0.1:8787';

const ACCESS_COOKIE = 'edu_at';
const REFRESH_COOKIE = 'edu_rt';

type Schemas = components['schemas'];
export type Me = Schemas['Account'];
export type Course = Schemas['Course'];
export type Payment = Schemas['Payment'];
export type Role = Me['roles'][number];
export type Problem = Partial<Omit<Schemas['Problem'], 'status'>> & { status: number };
export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export type ApiResult<T> =
  | { ok: true; status: number; data: T }
  | { ok: false; status: number; problem: Problem };

const cookieOptions = { httpOnly: true, secure: true, sameSite: 'lax', path: '/' } as const;

export function saveTokens(
  cookies: AstroCookies,
  tokens: { access_token: string; refresh_token?: string | undefined; expires_in: number },
) {
  cookies.set(ACCESS_COOKIE, tokens.access_token, { ...cookieOptions, maxAge: tokens.expires_in });
  if (tokens.refresh_token)
    cookies.set(REFRESH_COOKIE, tokens.refresh_token, { ...cookieOptions, maxAge: 60 * 60 * 24 * 30 });
}

function clearTokens(cookies: AstroCookies) {
  cookies.delete(ACCESS_COOKIE, { path: '/' });
  cookies.delete(REFRESH_COOKIE, { path: '/' });
}

/** Redirects (logout answers 302) are the site's to follow or not, never the API client's. */
const sendManually = (request: Request) => {
  const manual = new Request(request, { redirect: 'manual' });
  markVisitor(manual.headers);
  return fetch(manual);
};

/** Without a session: sign-in, registration, refresh and the public reads that must not depend on one. */
const anonymousClient = (): EduClient => createClient({ baseUrl: apiOrigin(), fetch: sendManually });

/**
 * One refresh per request, however many calls run in parallel: the API rotates the refresh
 * token and treats a second use of the old one as reuse.
 */
const refreshing = new WeakMap<AstroCookies, Promise<string | undefined>>();
function refresh(cookies: AstroCookies): Promise<string | undefined> {
  let pending = refreshing.get(cookies);
  if (!pending) {
    pending = refreshOnce(cookies);
    refreshing.set(cookies, pending);
  }
  return pending;
}

/** Trades the refresh cookie for new tokens (the API rotates the refresh token). */
async function refreshOnce(cookies: AstroCookies): Promise<string | undefined> {
  const refreshToken = cookies.get(REFRESH_COOKIE)?.value;
  if (!refreshToken) return undefined;
  const { data } = await anonymousClient().POST('/api/v1/auth/refresh', {
    body: { refresh_token: refreshToken },
  });
  if (!data) {
    clearTokens(cookies);
    return undefined;
  }
  saveTokens(cookies, data);
  return data.access_token;
}

function withToken(request: Request, token: string | undefined): Request {
  const authorized = new Request(request);
  if (token) authorized.headers.set('authorization', `Bearer ${token}`);
  return authorized;
}

/**
 * Sends a request as the visitor: with their access token, refreshing it once, transparently,
 * when it has expired (or its cookie has lapsed while the refresh token lives on).
 */
async function sendAsVisitor(cookies: AstroCookies, request: Request): Promise<Response> {
  // The body can be read once; the copy is for the retry after a refresh.
  const retry = request.clone();
  let token = cookies.get(ACCESS_COOKIE)?.value;
  if (!token && cookies.has(REFRESH_COOKIE)) token = await refresh(cookies);
  let response = await sendManually(withToken(request, token));
  if (response.status === 401 && cookies.has(REFRESH_COOKIE)) {
    token = await refresh(cookies);
    if (token) response = await sendManually(withToken(retry, token));
  }
  return response;
}

const visitorClients = new WeakMap<AstroCookies, EduClient>();

/** The typed API client acting as this request's visitor (anonymous when there is no session). */
export function apiFor(cookies: AstroCookies): EduClient {
  let client = visitorClients.get(cookies);
  if (!client) {
    client = createClient({ baseUrl: apiOrigin(), fetch: (request) => sendAsVisitor(cookies, request) });
    visitorClients.set(cookies, client);
  }
  return client;
}

/** The typed client without the visitor's session, for public reads. */
export const publicApi = anonymousClient;

/**
 * What the SDK answers, as one result the pages branch on: the data, or the problem+json body
 * (with its status even when the body was not JSON).
 */
export async function result<T>(
  pending: Promise<{ data?: T; error?: unknown; response: Response }>,
): Promise<ApiResult<T>> {
  const { data, error, response } = await pending;
  if (response.ok) return { ok: true, status: response.status, data: data as T };
  const body = typeof error === 'object' && error !== null ? (error as Partial<Problem>) : {};
  return { ok: false, status: response.status, problem: { ...body, status: response.status } };
}

export async function login(cookies: AstroCookies, username: string, password: string) {
  const { data } = await anonymousClient().POST('/api/v1/auth/login', { body: { username, password } });
  if (!data) return false;
  saveTokens(cookies, data);
  return true;
}

/**
 * Ends the session: the API revokes the refresh token and names the identity provider's logout
 * page (Auth0's /v2/logout, which also ends the login page's own session, else the next sign-in
 * would be silent). Answers where to send the browser: that page, or `/` when the API's answer is
 * its own origin (the embedded issuer has no logout page).
 */
export async function logout(cookies: AstroCookies): Promise<string> {
  const refreshToken = cookies.get(REFRESH_COOKIE)?.value;
  clearTokens(cookies);
  const { response } = await anonymousClient().POST('/api/v1/auth/logout', {
    body: refreshToken ? { refresh_token: refreshToken } : {},
  });
  const location = response.headers.get('location');
  if (response.status !== 302 || !location) return '/';
  const target = new URL(location, apiOrigin());
  return target.origin === new URL(apiOrigin()).origin ? '/' : target.toString();
}

/** Field problems keyed by the field's name, to show them next to their inputs. */
export function fieldErrors(problem: Problem | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const error of problem?.errors ?? []) {
    const path: string | string[] = error.path;
    const key = Array.isArray(path) ? path.join('.') : path.replace(/^\//, '');
    out[key || '_'] = error.message;
  }
  return out;
}
