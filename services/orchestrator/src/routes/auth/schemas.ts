import { RoleSchema } from '@edu/contracts';
import { z } from '@hono/zod-openapi';

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
