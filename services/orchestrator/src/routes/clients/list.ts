import {
  BEARER_SECURITY,
  jsonContent,
  PageQuerySchema,
  pageSchema,
  problemResponses,
  type ServiceApp,
} from '@edu/platform/http';
import { createRoute } from '@hono/zod-openapi';
import type { GatewayOperationsDeps } from '../../operations/deps.ts';
import { listPartnerClients } from '../../operations/partner-clients.ts';
import { AUTH0_NOTE, PartnerClientSchema, partnerClientJson } from './schemas.ts';

const route = createRoute({
  method: 'get',
  path: '/api/v1/auth/clients',
  tags: ['Auth'],
  summary: 'List partner API clients (admin)',
  description: `Every client, revoked ones included, ordered by id; never their secrets. ${AUTH0_NOTE}`,
  security: BEARER_SECURITY,
  request: { query: PageQuerySchema },
  responses: {
    200: jsonContent(pageSchema(PartnerClientSchema), 'A page of clients'),
    ...problemResponses('validation_failed', 'unauthorized', 'forbidden', 'conflict'),
  },
});

export function registerListClients(app: ServiceApp, deps: GatewayOperationsDeps) {
  app.openapi(route, async (c) => {
    const page = await listPartnerClients(deps, c.req.valid('query'));
    return c.json({ items: page.items.map(partnerClientJson), nextCursor: page.nextCursor }, 200);
  });
}
