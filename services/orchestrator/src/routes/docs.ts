import type { AppEnv } from '@edu/platform/http';
import type { OpenAPIHono } from '@hono/zod-openapi';
import { Scalar } from '@scalar/hono-api-reference';

export const OPENAPI_PATH = '/api/v1/openapi.json';

/** The OpenAPI 3.1 document of the gateway's routes and the interactive reference at /docs. */
export function registerDocs(app: OpenAPIHono<AppEnv>) {
  app.doc31(OPENAPI_PATH, {
    openapi: '3.1.0',
    info: {
      title: 'Learning platform API',
      version: '1.0.0',
      description: 'The public API of the learning platform. Errors are RFC 9457 problem+json.',
    },
  });
  app.get('/docs', Scalar({ url: OPENAPI_PATH, pageTitle: 'Learning platform API reference' }));
}
