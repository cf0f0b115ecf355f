import type { APIRoute } from 'astro';
import { logout } from '../lib/api';

/**
 * POST only (the middleware checks the CSRF token): revokes the refresh token, clears the cookies,
 * then on to the identity provider's logout page (with Auth0) or home.
 */
export const POST: APIRoute = async ({ cookies, redirect }) => redirect(await logout(cookies), 303);
