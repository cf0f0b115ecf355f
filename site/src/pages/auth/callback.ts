import type { APIRoute } from 'astro';
import { completeSignIn } from '../../lib/sign-in';

/**
 * Where the identity provider's login page sends the browser back (`?code&state`, or `?error`):
 * signed in, on to the page the visitor came for; refused, back to the login page saying so.
 */
export const GET: APIRoute = async ({ cookies, url }) => {
  const next = await completeSignIn(cookies, url);
  // The URL held a code: neither this answer nor the page it leads to may be cached.
  return new Response(null, {
    status: 303,
    headers: { location: next ?? '/login?failed=1', 'cache-control': 'no-store' },
  });
};
