import type { APIRoute } from 'astro';
import { logout } from '../lib/api';

/** POST only (the middleware checks the CSRF token): revokes the refresh token, clears the cookies. */
export const POST: APIRoute = async ({ cookies, redirect }) => {
  await logout(cookies);
  return redirect('/', 303);
};
