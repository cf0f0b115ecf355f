import { SERVICE_NAMES, type ServiceName } from '@edu/contracts';
import type { ServiceBinding } from '@edu/platform';
import { type AppEnv, SERVICE_OPENAPI_PATH } from '@edu/platform/http';
import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import { Scalar } from '@scalar/hono-api-reference';
import {
  mergeOpenApiDocuments,
  type OpenApiDocument,
  OpenApiDocumentSchema,
} from '../domain/openapi-merge.ts';
import { cspNonce, NONCE, pageContentSecurityPolicy } from '../http/security-headers.ts';

export const OPENAPI_PATH = '/api/v1/openapi.json';

/**
 * The Scalar reference's browser bundle, from jsDelivr (hono-api-reference's default CDN), pinned
 * to one version rather than whatever is latest: a single file that renders the whole reference.
 */
export const SCALAR_BUNDLE_URL =
  'https://cdn.jsdelivr.net/npm/@scalar/api-reference@1.76.4/dist/browser/standalone.js';

/**
 * What that bundle really needs. Scripts: only the two tags of the page, by nonce (the bundle and
 * its inline start call). Styles: 'unsafe-inline', because the bundle injects <style> elements at
 * run time, not all of them carrying the nonce (its toasts' do not), and sets style attributes.
 * Fonts from fonts.scalar.com; the document and "Try it" calls go to this origin only (never
 * through Scalar's proxy, which would see the caller's token).
 */
const DOCS_CONTENT_SECURITY_POLICY = {
  defaultSrc: ["'none'"],
  scriptSrc: [NONCE],
  styleSrc: ["'unsafe-inline'"],
  fontSrc: ['https://fonts.scalar.com'],
  imgSrc: ["'self'", 'data:', 'https:'],
  connectSrc: ["'self'"],
  baseUri: ["'none'"],
  formAction: ["'none'"],
  frameAncestors: ["'none'"],
};

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

const documentRoute = createRoute({
  method: 'get',
  path: OPENAPI_PATH,
  tags: ['Docs'],
  summary: 'The OpenAPI 3.1 document of the whole public API',
  responses: {
    200: {
      description: 'The document, assembled from the gateway and every service',
      content: { 'application/json': { schema: z.record(z.string(), z.unknown()) } },
    },
  },
});

async function serviceDocument(binding: ServiceBinding, service: ServiceName): Promise<OpenApiDocument> {
  const response = await binding.fetch(
    new Request(`http://${service}.internal${SERVICE_OPENAPI_PATH}`, { signal: AbortSignal.timeout(5_000) }),
  );
  if (!response.ok)
    throw new Error(`the ${service} service did not give its OpenAPI document (${response.status})`);
  return OpenApiDocumentSchema.parse(await response.json());
}

/**
 * GET /api/v1/openapi.json: the gateway's own routes plus every service's, merged. Built once
 * and kept (the routes of a running deployment never change); a service that does not answer
 * makes this request fail and the next one try again.
 */
export function registerDocs(app: OpenAPIHono<AppEnv>, services: Record<ServiceName, ServiceBinding>) {
  let merged: Promise<OpenApiDocument> | undefined;
  const build = async () => {
    const gateway = OpenApiDocumentSchema.parse(
      app.getOpenAPI31Document({ openapi: '3.1.0', info: DOCUMENT_INFO }),
    );
    const documents = await Promise.all(
      SERVICE_NAMES.map(async (name) => ({ name, document: await serviceDocument(services[name], name) })),
    );
    return mergeOpenApiDocuments(gateway, documents);
  };
  app.openapi(documentRoute, async (c) => {
    merged ??= build().catch((error: unknown) => {
      merged = undefined;
      throw error;
    });
    return c.json(await merged, 200);
  });
  app.use('/docs', pageContentSecurityPolicy(DOCS_CONTENT_SECURITY_POLICY));
  app.get(
    '/docs',
    Scalar((c) => ({
      url: OPENAPI_PATH,
      pageTitle: 'Learning platform API reference',
      cdn: SCALAR_BUNDLE_URL,
      nonce: cspNonce(c),
    })),
  );
}
