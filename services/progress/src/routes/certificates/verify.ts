import type { AppEnv } from '@edu/platform/http';
import { createRoute, type OpenAPIHono } from '@hono/zod-openapi';
import type { CertificateService } from '../../certificate-service.ts';
import { CredentialInputSchema, CredentialVerificationSchema, json, jsonBody, PROBLEMS } from '../schemas.ts';

const route = createRoute({
  method: 'post',
  path: '/api/v1/certificates/verify',
  tags: ['Certificates'],
  summary: 'Verify any presented credential; a tampered or foreign one is valid: false, never an error',
  request: { body: jsonBody(CredentialInputSchema) },
  responses: {
    200: json(CredentialVerificationSchema, 'The verdict, and the certificate when we issued it'),
    400: PROBLEMS[400],
  },
});

export function registerVerifyCredential(app: OpenAPIHono<AppEnv>, service: CertificateService) {
  app.openapi(route, async (c) =>
    c.json(await service.verifyCredential(c.req.valid('json').credential), 200),
  );
}
