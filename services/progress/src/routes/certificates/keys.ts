import { jsonContent, type ServiceApp } from '@edu/platform/http';
import { createRoute } from '@hono/zod-openapi';
import { certificateKeySet } from '../../operations/certificates.ts';
import type { ProgressDeps } from '../../operations/deps.ts';
import { JwksSchema } from './schemas.ts';

const route = createRoute({
  method: 'get',
  path: '/api/v1/certificates/keys',
  tags: ['Certificates'],
  summary: 'The public keys certificates are signed with (a JWKS), to verify them without asking us',
  responses: { 200: jsonContent(JwksSchema, 'The JSON Web Key Set') },
});

export function registerCertificateKeys(app: ServiceApp, deps: ProgressDeps) {
  app.openapi(route, async (c) => {
    // Keys change rarely and old ones stay published, so verifiers may cache them a while.
    c.header('Cache-Control', 'public, max-age=300');
    return c.json(await certificateKeySet(deps), 200);
  });
}
