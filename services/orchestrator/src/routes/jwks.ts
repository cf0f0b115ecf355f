import type { AppEnv } from '@edu/platform/http';
import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import type { IdentityProvider } from '../identity/provider.ts';

const JwksSchema = z.object({ keys: z.array(z.record(z.string(), z.unknown())) }).openapi('JsonWebKeySet');

const jwksRoute = createRoute({
  method: 'get',
  path: '/.well-known/jwks.json',
  tags: ['Auth'],
  summary: "The platform's public signing keys",
  description: 'Keys the embedded issuer signs tokens with, and keys for certificates (RFC 7517).',
  responses: {
    200: { description: 'A JSON Web Key Set', content: { 'application/json': { schema: JwksSchema } } },
  },
});

export function registerJwksRoute(app: OpenAPIHono<AppEnv>, identity: IdentityProvider) {
  app.openapi(jwksRoute, (c) => {
    c.header('Cache-Control', 'public, max-age=300');
    return c.json({ keys: identity.publicKeys().keys.map((key) => ({ ...key })) }, 200);
  });
}
