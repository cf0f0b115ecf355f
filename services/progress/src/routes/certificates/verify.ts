import { jsonBody, jsonContent, problemResponses, type ServiceApp } from '@edu/platform/http';
import { createRoute } from '@hono/zod-openapi';
import { verifyCredential } from '../../operations/certificates.ts';
import type { ProgressDeps } from '../../operations/deps.ts';
import { CredentialInputSchema, CredentialVerificationSchema } from './schemas.ts';

const route = createRoute({
  method: 'post',
  path: '/api/v1/certificates/verify',
  tags: ['Certificates'],
  summary: 'Verify any presented credential; a tampered or foreign one is valid: false, never an error',
  request: { body: jsonBody(CredentialInputSchema) },
  responses: {
    200: jsonContent(CredentialVerificationSchema, 'The verdict, and the certificate when we issued it'),
    ...problemResponses('validation_failed'),
  },
});

export function registerVerifyCredential(app: ServiceApp, deps: ProgressDeps) {
  app.openapi(route, async (c) => c.json(await verifyCredential(deps, c.req.valid('json').credential), 200));
}
