import { z } from 'zod';

/** The parts of an OpenAPI 3.1 document we merge; everything else is kept from the gateway's. */
export const OpenApiDocumentSchema = z
  .object({
    openapi: z.string(),
    info: z.record(z.string(), z.unknown()),
    paths: z.record(z.string(), z.record(z.string(), z.unknown())).default({}),
    components: z.record(z.string(), z.record(z.string(), z.unknown())).default({}),
    tags: z.array(z.object({ name: z.string(), description: z.string().optional() })).optional(),
  })
  .loose();
export type OpenApiDocument = z.infer<typeof OpenApiDocumentSchema>;

/** Only public paths reach the merged document (a service's /health and /openapi.json stay internal). */
const isPublicPath = (path: string) => path.startsWith('/api/v1/') || path.startsWith('/.well-known/');

const OperationWithBodySchema = z
  .object({ requestBody: z.unknown(), responses: z.record(z.string(), z.unknown()) })
  .loose();

/** The gateway's 413 (bodies over MAX_BODY_BYTES), as a problem like every other error. */
const PAYLOAD_TOO_LARGE = {
  description: 'The request body is larger than the gateway accepts',
  content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } },
};

/**
 * The gateway refuses oversized bodies before a service sees them, so every operation that
 * takes a body can answer 413 even though no service documents it.
 */
function withGatewayLimits(operations: Record<string, unknown>): Record<string, unknown> {
  const result: Record<string, unknown> = {};
  for (const [method, operation] of Object.entries(operations)) {
    const withBody = OperationWithBodySchema.safeParse(operation);
    result[method] =
      withBody.success && withBody.data.requestBody !== undefined && !('413' in withBody.data.responses)
        ? { ...withBody.data, responses: { ...withBody.data.responses, 413: PAYLOAD_TOO_LARGE } }
        : operation;
  }
  return result;
}

const OperationSchema = z.object({ responses: z.record(z.string(), z.unknown()) }).loose();

/** The gateway's 401 for a bearer token that does not verify (src/identity/authenticate.ts). */
const TOKEN_REFUSED = {
  description:
    'The bearer token is invalid or expired: the gateway refuses a bad token on every route it forwards, public ones too',
  content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } },
};

/**
 * The gateway verifies any bearer token before forwarding, so every service operation can answer
 * 401, also those that need no caller and so document none.
 */
function withTokenCheck(operations: Record<string, unknown>): Record<string, unknown> {
  const result: Record<string, unknown> = {};
  for (const [method, operation] of Object.entries(operations)) {
    const parsed = OperationSchema.safeParse(operation);
    result[method] =
      parsed.success && !('401' in parsed.data.responses)
        ? { ...parsed.data, responses: { ...parsed.data.responses, 401: TOKEN_REFUSED } }
        : operation;
  }
  return result;
}

const RATE_LIMIT_HEADERS = Object.fromEntries(
  [
    ['RateLimit-Limit', 'Requests allowed per window'],
    ['RateLimit-Remaining', 'Requests left in this window'],
    ['RateLimit-Reset', 'Seconds until the window ends'],
    ['RateLimit-Policy', 'The limit and window, e.g. `600;w=60`'],
  ].map(([name, description]) => [name, { description, schema: { type: 'string' } }]),
);

/** The gateway's 429 for a partner client over its per-minute limit (the service is not called). */
const PARTNER_RATE_LIMITED = {
  description: 'The API client is over its requests per minute; retry after Retry-After seconds',
  headers: { 'Retry-After': { schema: { type: 'string' } }, ...RATE_LIMIT_HEADERS },
  content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } },
};

/** The gateway's 429 for an address (anonymous) or account (signed in) over its per-minute limit. */
const API_RATE_LIMITED = {
  description:
    'Too many requests from this address (anonymous) or account (signed in) this minute; retry after Retry-After seconds',
  headers: { 'Retry-After': { schema: { type: 'string' } }, ...RATE_LIMIT_HEADERS },
  content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } },
};

/**
 * The gateway rate limits every API operation, which no service documents: partner routes per
 * client, everything else per address or account. An operation's own 429 (e.g. login's) stays.
 */
function withRateLimit(path: string, operations: Record<string, unknown>): Record<string, unknown> {
  if (!path.startsWith('/api/v1/')) return operations;
  const tooMany = path.startsWith('/api/v1/partner/') ? PARTNER_RATE_LIMITED : API_RATE_LIMITED;
  const result: Record<string, unknown> = {};
  for (const [method, operation] of Object.entries(operations)) {
    const parsed = OperationSchema.safeParse(operation);
    result[method] =
      parsed.success && !('429' in parsed.data.responses)
        ? { ...parsed.data, responses: { ...parsed.data.responses, 429: tooMany } }
        : operation;
  }
  return result;
}

/**
 * One document for the whole public surface: the gateway's own routes plus every service's,
 * with components merged by name. The first definition of a component wins; services name
 * shared shapes (e.g. `Problem`) from the same zod schema, so duplicates are identical.
 */
export function mergeOpenApiDocuments(
  gateway: OpenApiDocument,
  services: Array<{ name: string; document: OpenApiDocument }>,
): OpenApiDocument {
  const paths: OpenApiDocument['paths'] = {};
  const components: OpenApiDocument['components'] = {};
  const addComponents = (from: OpenApiDocument['components']) => {
    for (const [kind, entries] of Object.entries(from)) {
      components[kind] = { ...entries, ...(components[kind] ?? {}) };
    }
  };
  for (const [path, operations] of Object.entries(gateway.paths))
    if (isPublicPath(path)) paths[path] = withRateLimit(path, withGatewayLimits(operations));
  addComponents(gateway.components);
  for (const { document } of services) {
    for (const [path, operations] of Object.entries(document.paths)) {
      if (!isPublicPath(path)) continue;
      paths[path] = {
        ...(paths[path] ?? {}),
        ...withTokenCheck(withRateLimit(path, withGatewayLimits(operations))),
      };
    }
    addComponents(document.components);
  }
  const tagNames = new Set<string>();
  for (const operations of Object.values(paths)) {
    for (const operation of Object.values(operations)) {
      const tags = z.object({ tags: z.array(z.string()).optional() }).safeParse(operation);
      for (const tag of tags.success ? (tags.data.tags ?? []) : []) tagNames.add(tag);
    }
  }
  return {
    ...gateway,
    paths,
    components,
    tags: [...tagNames].sort().map((name) => ({ name })),
  };
}
