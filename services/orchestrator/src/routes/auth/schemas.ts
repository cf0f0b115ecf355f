import { RoleSchema } from '@edu/contracts';
import type { AppEnv } from '@edu/platform/http';
import { z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { clientIpOf } from '../../domain/client-ip.ts';
import type { RequestContext } from '../../operations/deps.ts';

/** The public view of an account, as register and me answer it. */
export const AccountSchema = z
  .object({
    id: z.string(),
    email: z.string(),
    name: z.string(),
    roles: z.array(RoleSchema),
  })
  .openapi('Account', {
    example: { id: '0193…', email: 'learner@example.com', name: 'Lena Learner', roles: ['user'] },
  });

export const TokenResponseSchema = z
  .object({
    access_token: z.string(),
    refresh_token: z.string().optional(),
    id_token: z.string().optional(),
    expires_in: z.number().int(),
    token_type: z.literal('Bearer'),
  })
  .openapi('TokenResponse');

/** Token responses must never be cached by a browser or a proxy (RFC 6749 §5.1). */
export const NO_STORE = { 'Cache-Control': 'no-store', Pragma: 'no-cache' };

/** The request as the gateway's operations see it: its id, the caller's address and its log. */
export function requestContext(c: Context<AppEnv>): RequestContext {
  return { requestId: c.get('requestId'), clientIp: clientIpOf(c.env), log: c.get('log') };
}

/** RFC 7636 §4.1: 43 to 128 unreserved characters; state and nonce are held to the same alphabet. */
const UNRESERVED = /^[A-Za-z0-9._~-]+$/;
export const attemptSecret = (min: number) =>
  z.string().min(min).max(128).regex(UNRESERVED, 'must be 43 to 128 unreserved URL characters');

export const RedirectUriSchema = z
  .url({ protocol: /^https?$/, error: 'must be an http(s) URL' })
  .max(2048)
  .openapi({
    description: "The site's callback: it must be one of the Allowed Callback URLs of the Auth0 application.",
    example: 'https://edu.example/auth/callback',
  });

/** Said of the hosted login page's routes. */
export const HOSTED_LOGIN_NOTE =
  'With the embedded issuer there is no hosted login page: this answers 409, sign in with ' +
  'POST /api/v1/auth/login instead.';
