import { jsonContent, type ServiceApp } from '@edu/platform/http';
import { createRoute, z } from '@hono/zod-openapi';
import type { GatewayOperationsDeps } from '../../operations/deps.ts';
import { platformSigningKeys } from '../../operations/platform.ts';

const JwksSchema = z.object({ keys: z.array(z.record(z.string(), z.unknown())) }).openapi('JsonWebKeySet');

const route = createRoute({
  method: 'get',
  path: '/.well-known/jwks.json',
  tags: ['Auth'],
  summary: "The platform's public signing keys",
  description: 'Keys the embedded issuer signs tokens with, and keys for certificates (RFC 7517).',
  responses: {
    200: jsonContent(JwksSchema, 'A JSON Web Key Set'),
  },
});

/** One JWKS URL verifies everything the platform signs: tokens and certificates. */
export function registerGetJwks(app: ServiceApp, deps: GatewayOperationsDeps) {
  app.openapi(route, async (c) => {
    c.header('Cache-Control', 'public, max-age=300');
    return c.json(await platformSigningKeys(deps, c.get('requestId')), 200);
  });
}
