import { randomBytes } from 'node:crypto';
import { newId, type PartnerScope } from '@edu/contracts';
import type { Database } from '@edu/platform/db';
import { toPage } from '@edu/platform/http';
import { asc, eq, gt } from 'drizzle-orm';
import { SignJWT } from 'jose';
import { partnerClients } from '../../../db/schema.ts';
import type { ClientCredentialsRequest, ClientTokenResponse } from '../../../domain/client-credentials.ts';
import { invalidClient, OAuthError } from '../../../domain/oauth-error.ts';
import {
  clientSubject,
  grantedScopes,
  type PartnerClient,
  RATE_LIMIT_CLAIM,
} from '../../../domain/partner-clients.ts';
import type { PartnerClientRegistry } from '../provider.ts';
import { hashClientSecret, verifyClientSecret } from './client-secret-hash.ts';
import { ISSUER_ALGORITHM, type IssuerKey } from './signing-key.ts';

interface PartnerClientOptions {
  db: Database;
  key: IssuerKey;
  issuer: string;
  audience: string;
  /** The JOSE `typ` of access tokens: the same as users' so one verifier checks both. */
  accessTokenType: string;
  accessTokenTtlSeconds: number;
  now: () => number;
}

const newClientId = () => `cl_${randomBytes(12).toString('base64url')}`;
const newClientSecret = () => `cs_${randomBytes(32).toString('base64url')}`;

type Row = typeof partnerClients.$inferSelect;
const toClient = (row: Row): PartnerClient => ({
  clientId: row.id,
  name: row.name,
  scopes: grantedScopes(undefined, row.scopes) ?? [],
  rateLimitPerMinute: row.rateLimitPerMinute,
  createdAt: row.createdAt,
  revokedAt: row.revokedAt,
});

/** The embedded issuer's partner clients and their client credentials grant. */
export function createPartnerClients(options: PartnerClientOptions) {
  const { db, key, now } = options;

  const registry: PartnerClientRegistry = {
    async create(input) {
      const clientSecret = newClientSecret();
      const [row] = await db
        .insert(partnerClients)
        .values({
          id: newClientId(),
          name: input.name,
          secretHash: hashClientSecret(clientSecret),
          scopes: input.scopes,
          rateLimitPerMinute: input.rateLimitPerMinute,
          createdAt: new Date(now()),
        })
        .returning();
      if (!row) throw new Error('The partner client was not stored');
      return { ...toClient(row), clientSecret };
    },

    async list({ limit, cursor }) {
      const rows = await db
        .select()
        .from(partnerClients)
        .where(cursor ? gt(partnerClients.id, cursor) : undefined)
        .orderBy(asc(partnerClients.id))
        .limit(limit + 1);
      const page = toPage(rows, limit);
      return { items: page.items.map(toClient), nextCursor: page.nextCursor };
    },

    async revoke(clientId) {
      const [row] = await db
        .select({ revokedAt: partnerClients.revokedAt })
        .from(partnerClients)
        .where(eq(partnerClients.id, clientId));
      if (!row) return false;
      if (!row.revokedAt) {
        await db
          .update(partnerClients)
          .set({ revokedAt: new Date(now()) })
          .where(eq(partnerClients.id, clientId));
      }
      return true;
    },

    async seed(input) {
      const [existing] = await db
        .select({ id: partnerClients.id })
        .from(partnerClients)
        .where(eq(partnerClients.id, input.clientId));
      if (existing) return;
      await db
        .insert(partnerClients)
        .values({
          id: input.clientId,
          name: input.name,
          secretHash: hashClientSecret(input.secret),
          scopes: input.scopes,
          createdAt: new Date(now()),
        })
        .onConflictDoNothing();
    },
  };

  async function signClientToken(clientId: string, scopes: PartnerScope[], rateLimit: number | null) {
    const issuedAt = Math.floor(now() / 1000);
    return new SignJWT({
      gty: 'client-credentials',
      scope: scopes.join(' '),
      azp: clientId,
      client_id: clientId,
      ...(rateLimit === null ? {} : { [RATE_LIMIT_CLAIM]: rateLimit }),
    })
      .setProtectedHeader({ alg: ISSUER_ALGORITHM, kid: key.kid, typ: options.accessTokenType })
      .setIssuer(options.issuer)
      .setAudience(options.audience)
      .setSubject(clientSubject(clientId))
      .setIssuedAt(issuedAt)
      .setNotBefore(issuedAt)
      .setExpirationTime(issuedAt + options.accessTokenTtlSeconds)
      .setJti(newId())
      .sign(key.privateKey);
  }

  async function issueClientToken(request: ClientCredentialsRequest): Promise<ClientTokenResponse> {
    const [row] = await db.select().from(partnerClients).where(eq(partnerClients.id, request.clientId));
    const matches = verifyClientSecret(request.clientSecret, row?.secretHash);
    if (!row || !matches || row.revokedAt) throw invalidClient();
    const scopes = grantedScopes(request.scope, row.scopes);
    if (!scopes) throw new OAuthError('invalid_scope', 'The requested scope is not granted to this client');
    return {
      access_token: await signClientToken(row.id, scopes, row.rateLimitPerMinute),
      token_type: 'Bearer',
      expires_in: options.accessTokenTtlSeconds,
      scope: scopes.join(' '),
    };
  }

  return { registry, issueClientToken };
}
