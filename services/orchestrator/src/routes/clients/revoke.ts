import { WITHOUT_NUL } from '@edu/contracts';
import { BEARER_SECURITY, problemResponses, type ServiceApp } from '@edu/platform/http';
import { createRoute, z } from '@hono/zod-openapi';
import type { GatewayOperationsDeps } from '../../operations/deps.ts';
import { revokePartnerClient } from '../../operations/partner-clients.ts';
import { AUTH0_NOTE } from './schemas.ts';

const ClientIdParams = z.object({
  clientId: z
    .string()
    .min(1)
    .max(255)
    .regex(WITHOUT_NUL, 'must not contain NUL characters')
    .openapi({ param: { name: 'clientId', in: 'path' }, example: 'cl_3q2-7wFhZ0aTk9Lx' }),
});

const route = createRoute({
  method: 'delete',
  path: '/api/v1/auth/clients/{clientId}',
  tags: ['Auth'],
  summary: 'Revoke a partner API client (admin)',
  description:
    'The client gets no new tokens, and the gateway refuses its tokens already issued (401) from now on. ' +
    `Revoking twice is fine. ${AUTH0_NOTE}`,
  security: BEARER_SECURITY,
  request: { params: ClientIdParams },
  responses: {
    204: { description: 'Revoked' },
    ...problemResponses('validation_failed', 'unauthorized', 'forbidden', 'not_found', 'conflict'),
  },
});

export function registerRevokeClients(app: ServiceApp, deps: GatewayOperationsDeps) {
  app.openapi(route, async (c) => {
    const { clientId } = c.req.valid('param');
    await revokePartnerClient(deps, clientId);
    c.get('log').info('partner client revoked', { clientId });
    return c.body(null, 204);
  });
}
