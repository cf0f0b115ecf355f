import { BEARER_SECURITY, jsonContent, problemResponses, type ServiceApp } from '@edu/platform/http';
import { createRoute } from '@hono/zod-openapi';
import { currentAccount } from '../../operations/current-account.ts';
import type { GatewayOperationsDeps } from '../../operations/deps.ts';
import { AccountSchema } from './schemas.ts';

const route = createRoute({
  method: 'get',
  path: '/api/v1/auth/me',
  tags: ['Auth'],
  summary: 'The signed-in account',
  description: "Answered from the verified access token's claims (roles as of the token's issue).",
  security: BEARER_SECURITY,
  responses: {
    200: jsonContent(AccountSchema, 'The account'),
    ...problemResponses('unauthorized', 'forbidden', 'not_found', 'unavailable'),
  },
});

export function registerMeAuth(app: ServiceApp, deps: GatewayOperationsDeps) {
  app.openapi(route, async (c) =>
    c.json(await currentAccount(deps, c.req.raw.headers, c.get('requestId')), 200),
  );
}
