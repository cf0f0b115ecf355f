import { PartnerScopeSchema, WITHOUT_NUL } from '@edu/contracts';
import { z } from '@hono/zod-openapi';
import type { PartnerClient } from '../../domain/partner-clients.ts';

export const PartnerClientSchema = z
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

export const CreatedPartnerClientSchema = PartnerClientSchema.omit({ revokedAt: true })
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

export const CreatePartnerClientSchema = z
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

/** Said of every partner-client route. */
export const AUTH0_NOTE =
  'With Auth0 configured, partner clients are Auth0 machine-to-machine applications managed in ' +
  'Auth0, and this answers 409.';

/** A client as the API shows it: dates as ISO 8601. */
export const partnerClientJson = (client: PartnerClient) => ({
  clientId: client.clientId,
  name: client.name,
  scopes: client.scopes,
  rateLimitPerMinute: client.rateLimitPerMinute,
  createdAt: client.createdAt.toISOString(),
  revokedAt: client.revokedAt?.toISOString() ?? null,
});
