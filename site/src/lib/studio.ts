import type { AstroCookies } from 'astro';

/**
 * The public catalog lists published courses only, so the studio remembers the drafts this
 * browser created (ids only, in an HttpOnly cookie) to list them until they are published.
 */
const DRAFTS_COOKIE = 'edu_drafts';

export function draftIds(cookies: AstroCookies): string[] {
  return (cookies.get(DRAFTS_COOKIE)?.value ?? '').split(',').filter((id) => /^[\w-]{1,64}$/.test(id));
}

export function rememberDraft(cookies: AstroCookies, id: string) {
  const ids = [id, ...draftIds(cookies).filter((other) => other !== id)].slice(0, 20);
  cookies.set(DRAFTS_COOKIE, ids.join(','), {
    httpOnly: true,
    secure: true,
    sameSite: 'lax',
    path: '/studio',
    maxAge: 60 * 60 * 24 * 90,
  });
}

export const canTeach = (roles: string[] | undefined) =>
  (roles ?? []).some((role) => role === 'instructor' || role === 'admin');
