import type { AstroCookies } from 'astro';

/**
 * The site's only door to the platform: the public API of the gateway. Tokens live in HttpOnly
 * cookies that only this server reads; page JavaScript never sees them.
 */
const apiOrigin = (): string =>
  (globalThis as { process?: { env: Record<string, string | undefined> } }).process?.env.API_ORIGIN ??
  'http://127.0.0.1:8787';

export const ACCESS_COOKIE = 'edu_at';
export const REFRESH_COOKIE = 'edu_rt';

export interface Me {
  id: string;
  email: string;
  name: string;
  roles: string[];
}
export interface Course {
  id: string;
  title: string;
  description: string;
  status: 'draft' | 'published';
  priceCents: number;
  currency: string;
  instructorId: string;
  lessonCount: number;
  createdAt: string;
  updatedAt: string;
}
export interface Lesson {
  id: string;
  courseId: string;
  title: string;
  position: number;
  durationSec: number;
  freePreview: boolean;
  content?: string;
}
export interface Problem {
  type?: string;
  title?: string;
  status: number;
  detail?: string;
  errors?: { path: string | string[]; message: string }[];
}
export interface Notification {
  id: string;
  type: string;
  title: string;
  body: string;
  readAt: string | null;
  createdAt: string;
}
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
  tokens: { access_token: string; refresh_token?: string; expires_in: number },
) {
  cookies.set(ACCESS_COOKIE, tokens.access_token, { ...cookieOptions, maxAge: tokens.expires_in });
  if (tokens.refresh_token)
    cookies.set(REFRESH_COOKIE, tokens.refresh_token, { ...cookieOptions, maxAge: 60 * 60 * 24 * 30 });
}

export function clearTokens(cookies: AstroCookies) {
  cookies.delete(ACCESS_COOKIE, { path: '/' });
  cookies.delete(REFRESH_COOKIE, { path: '/' });
}

async function send(method: string, path: string, body: unknown, token: string | undefined) {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (token) headers.authorization = `Bearer ${token}`;
  return fetch(`${apiOrigin()}${path}`, {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
    redirect: 'manual',
  });
}

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
  const response = await send('POST', '/api/v1/auth/refresh', { refresh_token: refreshToken }, undefined);
  if (!response.ok) {
    clearTokens(cookies);
    return undefined;
  }
  const tokens = (await response.json()) as {
    access_token: string;
    refresh_token?: string;
    expires_in: number;
  };
  saveTokens(cookies, tokens);
  return tokens.access_token;
}

/**
 * Calls the API as the visitor: with their access token, refreshing it once, transparently,
 * when it has expired (or its cookie has lapsed while the refresh token lives on).
 */
export async function api<T>(
  cookies: AstroCookies,
  method: string,
  path: string,
  body?: unknown,
): Promise<ApiResult<T>> {
  let token = cookies.get(ACCESS_COOKIE)?.value;
  if (!token && cookies.has(REFRESH_COOKIE)) token = await refresh(cookies);
  let response = await send(method, path, body, token);
  if (response.status === 401 && cookies.has(REFRESH_COOKIE)) {
    token = await refresh(cookies);
    if (token) response = await send(method, path, body, token);
  }
  if (response.status === 204) return { ok: true, status: 204, data: undefined as T };
  const text = await response.text();
  const json: unknown = text ? JSON.parse(text) : undefined;
  if (response.ok) return { ok: true, status: response.status, data: json as T };
  return { ok: false, status: response.status, problem: { status: response.status, ...(json as object) } };
}

/** Anonymous call, for public reads that must not depend on a session. */
export async function publicApi<T>(path: string): Promise<ApiResult<T>> {
  const response = await send('GET', path, undefined, undefined);
  const json: unknown = await response.json();
  if (response.ok) return { ok: true, status: response.status, data: json as T };
  return { ok: false, status: response.status, problem: { status: response.status, ...(json as object) } };
}

export async function login(cookies: AstroCookies, username: string, password: string) {
  const response = await send('POST', '/api/v1/auth/login', { username, password }, undefined);
  if (!response.ok) return false;
  saveTokens(
    cookies,
    (await response.json()) as { access_token: string; refresh_token: string; expires_in: number },
  );
  return true;
}

export async function logout(cookies: AstroCookies) {
  const refreshToken = cookies.get(REFRESH_COOKIE)?.value;
  if (refreshToken) await send('POST', '/api/v1/auth/logout', { refresh_token: refreshToken }, undefined);
  clearTokens(cookies);
}

/** Field problems keyed by the field's name, to show them next to their inputs. */
export function fieldErrors(problem: Problem | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const error of problem?.errors ?? []) {
    const key = Array.isArray(error.path) ? error.path.join('.') : error.path.replace(/^\//, '');
    out[key || '_'] = error.message;
  }
  return out;
}
