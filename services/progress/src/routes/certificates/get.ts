import type { AppEnv } from '@edu/platform/http';
import { createRoute, type OpenAPIHono } from '@hono/zod-openapi';
import type { CertificateService } from '../../certificate-service.ts';
import { CertificateParams, CertificateSchema, json, PROBLEMS } from '../schemas.ts';

const route = createRoute({
  method: 'get',
  path: '/api/v1/certificates/{id}',
  tags: ['Certificates'],
  summary: 'A certificate, for anyone who has its id',
  request: { params: CertificateParams },
  responses: {
    200: json(CertificateSchema, 'The certificate with its signed credential'),
    400: PROBLEMS[400],
    404: PROBLEMS[404],
  },
});

export function registerGetCertificate(app: OpenAPIHono<AppEnv>, service: CertificateService) {
  app.openapi(route, async (c) => c.json(await service.get(c.req.valid('param').id), 200));
}
