import {
  BEARER_SECURITY,
  jsonBody,
  jsonContent,
  problemResponses,
  type ServiceApp,
} from '@edu/platform/http';
import { createRoute } from '@hono/zod-openapi';
import type { GatewayOperationsDeps } from '../../operations/deps.ts';
import { createPartnerClient } from '../../operations/partner-clients.ts';
import {
  AUTH0_NOTE,
  CreatedPartnerClientSchema,
  CreatePartnerClientSchema,
  partnerClientJson,
} from './schemas.ts';

const route = createRoute({
  method: 'post',
  path: '/api/v1/auth/clients',
  tags: ['Auth'],
  summary: 'Create a partner API client (admin)',
  description: `Creates a client for the client credentials grant (POST /api/v1/auth/token). The secret is in this answer only: store it now. ${AUTH0_NOTE}`,
  security: BEARER_SECURITY,
  request: { body: jsonBody(CreatePartnerClientSchema) },
  responses: {
    201: jsonContent(CreatedPartnerClientSchema, 'The client, with its secret (shown once)'),
    ...problemResponses(
      'validation_failed',
      'unauthorized',
      'forbidden',
      'conflict',
      'unsupported_media_type',
    ),
  },
});

/** Only admins get here (the guard in app.ts answers 401/403 before the body is read). */
export function registerCreateClients(app: ServiceApp, deps: GatewayOperationsDeps) {
  app.openapi(route, async (c) => {
    const body = c.req.valid('json');
    const created = await createPartnerClient(deps, {
      name: body.name,
      scopes: body.scopes,
      rateLimitPerMinute: body.rateLimitPerMinute ?? null,
    });
    const { revokedAt: _revokedAt, ...client } = partnerClientJson(created);
    c.get('log').info('partner client created', { clientId: created.clientId, scopes: created.scopes });
    return c.json({ ...client, clientSecret: created.clientSecret }, 201, { 'Cache-Control': 'no-store' });
  });
}
