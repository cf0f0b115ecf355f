import { jsonContent, type ServiceApp } from '@edu/platform/http';
import { createRoute, z } from '@hono/zod-openapi';
import { type OpenApiDocument, OpenApiDocumentSchema } from '../../domain/openapi-merge.ts';
import type { GatewayOperationsDeps } from '../../operations/deps.ts';
import { mergedApiDocument } from '../../operations/platform.ts';

const DOCUMENT_INFO = {
  title: 'Learning platform API',
  version: '1.0.0',
  description:
    'The public API of the learning platform: auth, users, courses, payments, progress, certificates, notifications and realtime. Errors are RFC 9457 problem+json. Protected routes take `Authorization: Bearer <access_token>` (POST /api/v1/auth/login).\n\n' +
    '**Partner API clients** (machine to machine) use the OAuth 2.0 client credentials grant: POST /api/v1/auth/token with ' +
    'the client id and secret (HTTP Basic or form fields) and optionally `scope` (`enrollments:write`, `progress:read`, ' +
    '`webhooks:manage`), then call the `/api/v1/partner/*` routes with the token as a Bearer. Each client is limited per ' +
    'minute; every answer carries `RateLimit-Limit`, `RateLimit-Remaining`, `RateLimit-Reset` and `RateLimit-Policy`, and ' +
    'beyond the limit the gateway answers 429 with Retry-After. Admins create clients at POST /api/v1/auth/clients ' +
    '(with Auth0, clients are Auth0 machine-to-machine applications instead).',
};

const route = createRoute({
  method: 'get',
  path: '/api/v1/openapi.json',
  tags: ['Docs'],
  summary: 'The OpenAPI 3.1 document of the whole public API',
  responses: {
    200: jsonContent(
      z.record(z.string(), z.unknown()),
      'The document, assembled from the gateway and every service',
    ),
  },
});

/**
 * GET /api/v1/openapi.json: the gateway's own routes plus every service's, merged. Built once
 * and kept (the routes of a running deployment never change); a service that does not answer
 * makes this request fail and the next one try again.
 */
export function registerGetOpenapi(app: ServiceApp, deps: GatewayOperationsDeps) {
  let merged: Promise<OpenApiDocument> | undefined;
  app.openapi(route, async (c) => {
    merged ??= mergedApiDocument(
      deps,
      OpenApiDocumentSchema.parse(app.getOpenAPI31Document({ openapi: '3.1.0', info: DOCUMENT_INFO })),
      c.get('requestId'),
    ).catch((error: unknown) => {
      merged = undefined;
      throw error;
    });
    return c.json(await merged, 200);
  });
}
