import { idParams, jsonContent, problemResponses, type ServiceApp } from '@edu/platform/http';
import { createRoute } from '@hono/zod-openapi';
import { getCertificate } from '../../operations/certificates.ts';
import type { ProgressDeps } from '../../operations/deps.ts';
import { CertificateSchema } from './schemas.ts';

const route = createRoute({
  method: 'get',
  path: '/api/v1/certificates/{id}',
  tags: ['Certificates'],
  summary: 'A certificate, for anyone who has its id',
  request: { params: idParams('id') },
  responses: {
    200: jsonContent(CertificateSchema, 'The certificate with its signed credential'),
    ...problemResponses('validation_failed', ['not_found', 'No such certificate']),
  },
});

export function registerGetCertificate(app: ServiceApp, deps: ProgressDeps) {
  app.openapi(route, async (c) => c.json(await getCertificate(deps, c.req.valid('param').id), 200));
}
