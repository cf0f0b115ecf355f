import { PartnerScopeSchema, WITHOUT_NUL } from '@edu/contracts';
import {
  type AppEnv,
  AppError,
  BEARER_SECURITY,
  PageLimitSchema,
  problemResponses,
} from '@edu/platform/http';
import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import { clientSubject } from '../../domain/partner-clients.ts';
import { authenticate } from '../../identity/authenticate.ts';
import type { PartnerClient, PartnerClientRegistry } from '../../identity/partner-clients.ts';
import type { IdentityProvider } from '../../identity/provider.ts';
import { invalidToken } from '../../identity/verify.ts';
import type { AuthRouteDeps } from './deps.ts';

const PartnerClientSchema = z
  .object({
    clientId: z.string(),
    name: z.string(),
    scopes: z.array(PartnerScopeSchema),
    /** Null: the gateway's default, PARTNER_RATE_LIMIT_PER_MINUTE. */
    rateLimitPerMinute: z.number().int().nullable(),
    createdAt: z.string(),
    revokedAt: z.string().nullable(),
  })
  .openapi('PartnerClient', {
    example: {
      clientId: 'cl_3q2-7wFhZ0aTk9Lx',
      name: 'Acme LMS',
      scopes: ['progress:read', 'enrollments:write'],
      rateLimitPerMinute: 120,
      createdAt: '2026-11-24T10:00:00.000Z',
      revokedAt: null,
    },
  });

const CreatedPartnerClientSchema = PartnerClientSchema.omit({ revokedAt: true })
  .extend({ clientSecret: z.string() })
  .openapi('CreatedPartnerClient', {
    example: {
      clientId: 'cl_3q2-7wFhZ0aTk9Lx',
      clientSecret: 'cs_Yb4…',
      name: 'Acme LMS',
      scopes: ['progress:read', 'enrollments:write'],
      rateLimitPerMinute: 120,
      createdAt: '2026-11-24T10:00:00.000Z',
    },
  });

const CreatePartnerClientSchema = z
  .object({
    name: z.string().trim().min(1).max(200).regex(WITHOUT_NUL, 'must not contain NUL characters'),
    scopes: z
      .array(PartnerScopeSchema)
      .min(1, 'must name at least one scope')
      .max(PartnerScopeSchema.options.length)
      .refine((scopes) => new Set(scopes).size === scopes.length, 'must not repeat a scope'),
    rateLimitPerMinute: z.number().int().min(1).max(100_000).optional().openapi({
      description: 'Requests per minute at the gateway; the gateway default when omitted.',
    }),
  })
  .openapi('CreatePartnerClientRequest', {
    example: { name: 'Acme LMS', scopes: ['progress:read', 'enrollments:write'], rateLimitPerMinute: 120 },
  });

const PageQuerySchema = z.object({
  limit: PageLimitSchema,
  cursor: z.string().min(1).max(255).regex(WITHOUT_NUL, 'must not contain NUL characters').optional(),
});

const ClientIdParams = z.object({
  clientId: z
    .string()
    .min(1)
    .max(255)
    .regex(WITHOUT_NUL, 'must not contain NUL characters')
    .openapi({ param: { name: 'clientId', in: 'path' }, example: 'cl_3q2-7wFhZ0aTk9Lx' }),
});

const CLIENTS_PATH = '/api/v1/auth/clients/*';

const AUTH0_NOTE =
  'With Auth0 configured, partner clients are Auth0 machine-to-machine applications managed in ' +
  'Auth0, and this answers 409.';

const createRoute_ = createRoute({
  method: 'post',
  path: '/api/v1/auth/clients',
  tags: ['Auth'],
  summary: 'Create a partner API client (admin)',
  description: `Creates a client for the client credentials grant (POST /api/v1/auth/token). The secret is in this answer only: store it now. ${AUTH0_NOTE}`,
  security: BEARER_SECURITY,
  request: {
    body: { required: true, content: { 'application/json': { schema: CreatePartnerClientSchema } } },
  },
  responses: {
    201: {
      description: 'The client, with its secret (shown once)',
      content: { 'application/json': { schema: CreatedPartnerClientSchema } },
    },
    ...problemResponses(
      'validation_failed',
      'unauthorized',
      'forbidden',
      'conflict',
      'unsupported_media_type',
    ),
  },
});

const listRoute = createRoute({
  method: 'get',
  path: '/api/v1/auth/clients',
  tags: ['Auth'],
  summary: 'List partner API clients (admin)',
  description: `Every client, revoked ones included, ordered by id; never their secrets. ${AUTH0_NOTE}`,
  security: BEARER_SECURITY,
  request: { query: PageQuerySchema },
  responses: {
    200: {
      description: 'A page of clients',
      content: {
        'application/json': {
          schema: z.object({ items: z.array(PartnerClientSchema), nextCursor: z.string().nullable() }),
        },
      },
    },
    ...problemResponses('validation_failed', 'unauthorized', 'forbidden', 'conflict'),
  },
});

const revokeRoute = createRoute({
  method: 'delete',
  path: '/api/v1/auth/clients/{clientId}',
  tags: ['Auth'],
  summary: 'Revoke a partner API client (admin)',
  description:
    'The client gets no new tokens, and the gateway refuses its tokens already issued (401) from now on. ' +
    `Revoking twice is fine. ${AUTH0_NOTE}`,
  security: BEARER_SECURITY,
  request: { params: ClientIdParams },
  responses: {
    204: { description: 'Revoked' },
    ...problemResponses('validation_failed', 'unauthorized', 'forbidden', 'not_found', 'conflict'),
  },
});

/** The gateway checks the bearer itself (these routes are its own): 401 without one, 403 unless an admin user. */
async function requireAdmin(headers: Headers, identity: IdentityProvider): Promise<void> {
  const caller = await authenticate(headers, identity.verifier);
  if (!caller) throw invalidToken();
  if (caller.kind !== 'user' || !caller.roles.includes('admin')) {
    throw new AppError('forbidden', 'Managing partner clients needs the admin role');
  }
  registryOf(identity);
}

function registryOf(identity: IdentityProvider): PartnerClientRegistry {
  if (!identity.clients) {
    throw new AppError(
      'conflict',
      'Partner clients are Auth0 machine-to-machine applications in this deployment: create, list and ' +
        'revoke them in Auth0 (authorized for this API with the partner scopes)',
    );
  }
  return identity.clients;
}

const toJson = (client: PartnerClient) => ({
  clientId: client.clientId,
  name: client.name,
  scopes: client.scopes,
  rateLimitPerMinute: client.rateLimitPerMinute,
  createdAt: client.createdAt.toISOString(),
  revokedAt: client.revokedAt?.toISOString() ?? null,
});

export function registerClientRoutes(app: OpenAPIHono<AppEnv>, deps: AuthRouteDeps) {
  // Before the routes' validators: who may call is answered before what was sent (401/403, then 400).
  // Hono's `/*` also matches the collection path itself.
  app.use(CLIENTS_PATH, async (c, next) => {
    await requireAdmin(c.req.raw.headers, deps.identity);
    await next();
  });
  const registry = () => registryOf(deps.identity);
  app.openapi(createRoute_, async (c) => {
    const body = c.req.valid('json');
    const created = await registry().create({
      name: body.name,
      scopes: body.scopes,
      rateLimitPerMinute: body.rateLimitPerMinute ?? null,
    });
    const { revokedAt: _revokedAt, ...client } = toJson(created);
    c.get('log').info('partner client created', { clientId: created.clientId, scopes: created.scopes });
    return c.json({ ...client, clientSecret: created.clientSecret }, 201, { 'Cache-Control': 'no-store' });
  });

  app.openapi(listRoute, async (c) => {
    const page = await registry().list(c.req.valid('query'));
    return c.json({ items: page.items.map(toJson), nextCursor: page.nextCursor }, 200);
  });

  app.openapi(revokeRoute, async (c) => {
    const { clientId } = c.req.valid('param');
    if (!(await registry().revoke(clientId)))
      throw new AppError('not_found', `No partner client ${clientId}`);
    await deps.partnerRevocations.revoke(clientSubject(clientId));
    c.get('log').info('partner client revoked', { clientId });
    return c.body(null, 204);
  });
}
