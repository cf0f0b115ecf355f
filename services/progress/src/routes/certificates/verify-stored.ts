import { idParams, jsonContent, problemResponses, type ServiceApp } from '@edu/platform/http';
import { createRoute } from '@hono/zod-openapi';
import { verifyStoredCertificate } from '../../operations/certificates.ts';
import type { ProgressDeps } from '../../operations/deps.ts';
import { VerificationSchema } from './schemas.ts';

const route = createRoute({
  method: 'get',
  path: '/api/v1/certificates/{id}/verify',
  tags: ['Certificates'],
  summary: 'Whether a certificate is valid: its signature checks out and it was not revoked',
  request: { params: idParams('id') },
  responses: {
    200: jsonContent(VerificationSchema, 'The verdict, with a reason when not valid'),
    ...problemResponses('validation_failed', ['not_found', 'No such certificate']),
  },
});

export function registerVerifyStoredCertificate(app: ServiceApp, deps: ProgressDeps) {
  app.openapi(route, async (c) => c.json(await verifyStoredCertificate(deps, c.req.valid('param').id), 200));
}
