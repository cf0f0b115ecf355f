import type { ServiceBinding } from '@edu/platform';
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

/**
 * The progress service signs certificates with keys of its own; it publishes them at
 * /api/v1/certificates/keys and we list them here too, so one JWKS URL verifies everything
 * the platform signs. If the progress service does not answer, the token keys still are.
 */
async function certificateKeys(
  progress: ServiceBinding,
  requestId: string,
): Promise<Array<Record<string, unknown>>> {
  try {
    const response = await progress.fetch(
      new Request('http://progress.internal/api/v1/certificates/keys', {
        headers: { 'x-request-id': requestId },
        signal: AbortSignal.timeout(2_000),
      }),
    );
    if (!response.ok) return [];
    const parsed = JwksSchema.safeParse(await response.json());
    return parsed.success ? parsed.data.keys : [];
  } catch {
    return [];
  }
}

export function registerJwksRoute(
  app: OpenAPIHono<AppEnv>,
  identity: IdentityProvider,
  progress: ServiceBinding,
) {
  app.openapi(jwksRoute, async (c) => {
    c.header('Cache-Control', 'public, max-age=300');
    const tokenKeys = identity.publicKeys().keys.map((key) => ({ ...key }));
    return c.json({ keys: [...tokenKeys, ...(await certificateKeys(progress, c.get('requestId')))] }, 200);
  });
}
