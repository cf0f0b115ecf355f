import type { APIRoute } from 'astro';

/** The language switcher: remembers the choice and goes back to the same page. */
export const GET: APIRoute = ({ url, cookies, redirect }) => {
  const to = url.searchParams.get('to') === 'ru' ? 'ru' : 'en';
  cookies.set('lang', to, { path: '/', sameSite: 'lax', maxAge: 60 * 60 * 24 * 365 });
  const back = url.searchParams.get('back') ?? '/';
  // Only paths on this site, so the switcher cannot be used as an open redirect.
  return redirect(back.startsWith('/') && !back.startsWith('//') ? back : '/', 303);
};
