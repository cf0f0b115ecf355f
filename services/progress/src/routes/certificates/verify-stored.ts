import type { AppEnv } from '@edu/platform/http';
import { createRoute, type OpenAPIHono } from '@hono/zod-openapi';
import type { CertificateService } from '../../certificate-service.ts';
import { CertificateParams, json, PROBLEMS, VerificationSchema } from '../schemas.ts';

const route = createRoute({
  method: 'get',
  path: '/api/v1/certificates/{id}/verify',
  tags: ['Certificates'],
  summary: 'Whether a certificate is valid: its signature checks out and it was not revoked',
  request: { params: CertificateParams },
  responses: {
    200: json(VerificationSchema, 'The verdict, with a reason when not valid'),
    400: PROBLEMS[400],
    404: PROBLEMS[404],
  },
});

export function registerVerifyStoredCertificate(app: OpenAPIHono<AppEnv>, service: CertificateService) {
  app.openapi(route, async (c) => c.json(await service.verifyStored(c.req.valid('param').id), 200));
}
