import type { AppEnv } from '@edu/platform/http';
import { createRoute, type OpenAPIHono } from '@hono/zod-openapi';
import type { CertificateService } from '../../certificate-service.ts';
import { JwksSchema, json } from '../schemas.ts';

const route = createRoute({
  method: 'get',
  path: '/api/v1/certificates/keys',
  tags: ['Certificates'],
  summary: 'The public keys certificates are signed with (a JWKS), to verify them without asking us',
  responses: { 200: json(JwksSchema, 'The JSON Web Key Set') },
});

export function registerCertificateKeys(app: OpenAPIHono<AppEnv>, service: CertificateService) {
  app.openapi(route, async (c) => {
    // Keys change rarely and old ones stay published, so verifiers may cache them a while.
    c.header('Cache-Control', 'public, max-age=300');
    return c.json(await service.jwks(), 200);
  });
}
