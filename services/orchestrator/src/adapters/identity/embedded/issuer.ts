import { createHash, randomBytes } from 'node:crypto';
import { newId, type Role } from '@edu/contracts';
import type { Database } from '@edu/platform/db';
import { AppError } from '@edu/platform/http';
import { and, eq, isNull, sql } from 'drizzle-orm';
import { createLocalJWKSet, SignJWT } from 'jose';
import { credentials, refreshTokenFamilies, refreshTokens } from '../../../db/schema.ts';
import { rotateRefreshToken, startSession } from '../../../db/sessions.ts';
import type { IdentityProvider, LoginAttempt, PartnerClientRegistry, TokenSet } from '../provider.ts';
import { createAccessTokenVerifier } from '../verify.ts';
import { createPartnerClients } from './partner-clients.ts';
import { hashPassword, verifyPassword } from './password-hash.ts';
import { ISSUER_ALGORITHM, type IssuerKey } from './signing-key.ts';

/** What tokens say about a user, read from the users service at login and refresh. */
export interface UserClaims {
  email: string;
  name: string;
  roles: Role[];
}

interface EmbeddedIssuerOptions {
  db: Database;
  key: IssuerKey;
  /** `iss` of every token, e.g. `http://localhost:8787`. */
  issuer: string;
  /** `aud` of access tokens: the API. */
  audience: string;
  /** `aud` of id tokens: the client (the site), never the API, so an id token is no access token. */
  clientId: string;
  accessTokenTtlSeconds: number;
  refreshTokenTtlSeconds: number;
  /** The profile behind a user id; null when the users service has none. */
  loadClaims(userId: string): Promise<UserClaims | null>;
  now?: () => number;
}

/** The claim the embedded issuer puts roles in (Auth0 uses a namespaced one, configured). */
const EMBEDDED_ROLES_CLAIM = 'roles';
const ACCESS_TOKEN_TYPE = 'at+jwt';
const WRONG_CREDENTIALS = 'The email or password is wrong';
const INVALID_REFRESH_TOKEN = 'The refresh token is invalid, expired or revoked';

const sha256 = (value: string) => createHash('sha256').update(value).digest('hex');
const newRefreshToken = () => randomBytes(32).toString('base64url');

export type EmbeddedIssuer = IdentityProvider & {
  readonly clients: PartnerClientRegistry;
  /** Creates a credential with a fixed id unless it exists (demo accounts); idempotent. */
  seedCredential(input: { id: string; email: string; password: string }): Promise<void>;
};

/**
 * The embedded identity provider: credentials and refresh-token families in the `identity`
 * schema, RS256 tokens signed with the platform's key. Refresh tokens rotate on every use;
 * presenting a rotated-out one revokes its whole family (RFC 9700 §4.14.2).
 */
export function createEmbeddedIssuer(options: EmbeddedIssuerOptions): EmbeddedIssuer {
  const { db, key } = options;
  const now = options.now ?? Date.now;
  const jwks = { keys: [key.publicJwk] };
  const verifier = createAccessTokenVerifier({
    issuer: options.issuer,
    audience: options.audience,
    keys: createLocalJWKSet(jwks),
    algorithms: [ISSUER_ALGORITHM],
    rolesClaim: EMBEDDED_ROLES_CLAIM,
    requiredType: ACCESS_TOKEN_TYPE,
    now,
  });
  // Unknown emails are checked against this hash, so they cost the same time as known ones.
  // Computed now (off the event loop), so not even the first unknown email pays for it.
  const decoyHash = hashPassword(newRefreshToken());
  const partners = createPartnerClients({
    db,
    key,
    issuer: options.issuer,
    audience: options.audience,
    accessTokenType: ACCESS_TOKEN_TYPE,
    accessTokenTtlSeconds: options.accessTokenTtlSeconds,
    now,
  });

  async function claimsOf(userId: string, email: string): Promise<UserClaims> {
    return (await options.loadClaims(userId)) ?? { email, name: '', roles: ['user'] };
  }

  async function signTokens(userId: string, claims: UserClaims, withIdToken: boolean) {
    const issuedAt = Math.floor(now() / 1000);
    const accessToken = await new SignJWT({
      scope: 'openid profile email',
      [EMBEDDED_ROLES_CLAIM]: claims.roles,
      email: claims.email,
      name: claims.name,
      client_id: options.clientId,
    })
      .setProtectedHeader({ alg: ISSUER_ALGORITHM, kid: key.kid, typ: ACCESS_TOKEN_TYPE })
      .setIssuer(options.issuer)
      .setAudience(options.audience)
      .setSubject(userId)
      .setIssuedAt(issuedAt)
      .setNotBefore(issuedAt)
      .setExpirationTime(issuedAt + options.accessTokenTtlSeconds)
      .setJti(newId())
      .sign(key.privateKey);
    if (!withIdToken) return { accessToken };
    const idToken = await new SignJWT({ email: claims.email, name: claims.name })
      .setProtectedHeader({ alg: ISSUER_ALGORITHM, kid: key.kid, typ: 'JWT' })
      .setIssuer(options.issuer)
      .setAudience(options.clientId)
      .setSubject(userId)
      .setIssuedAt(issuedAt)
      .setExpirationTime(issuedAt + options.accessTokenTtlSeconds)
      .sign(key.privateKey);
    return { accessToken, idToken };
  }

  /** A new refresh token: the token for the client, and what is stored of it. */
  function mintRefreshToken() {
    const token = newRefreshToken();
    const stored = {
      id: newId(),
      tokenHash: sha256(token),
      createdAt: new Date(now()),
      expiresAt: new Date(now() + options.refreshTokenTtlSeconds * 1000),
    };
    return { token, stored };
  }

  async function revokeFamily(familyId: string, reason: 'logout' | 'reuse') {
    await db
      .update(refreshTokenFamilies)
      .set({ revokedAt: new Date(now()), revokedReason: reason })
      .where(and(eq(refreshTokenFamilies.id, familyId), isNull(refreshTokenFamilies.revokedAt)));
  }

  async function findRefreshToken(token: string) {
    const [row] = await db
      .select({
        id: refreshTokens.id,
        familyId: refreshTokens.familyId,
        expiresAt: refreshTokens.expiresAt,
        usedAt: refreshTokens.usedAt,
        userId: refreshTokenFamilies.userId,
        revokedAt: refreshTokenFamilies.revokedAt,
        email: credentials.email,
      })
      .from(refreshTokens)
      .innerJoin(refreshTokenFamilies, eq(refreshTokenFamilies.id, refreshTokens.familyId))
      .innerJoin(credentials, eq(credentials.id, refreshTokenFamilies.userId))
      .where(eq(refreshTokens.tokenHash, sha256(token)))
      .limit(1);
    return row ?? null;
  }

  return {
    kind: 'embedded',
    verifier,

    async register(input) {
      const id = newId();
      const passwordHash = await hashPassword(input.password);
      const inserted = await db
        .insert(credentials)
        .values({ id, email: input.email, passwordHash })
        .onConflictDoNothing()
        .returning({ id: credentials.id });
      if (inserted.length === 0) throw new AppError('conflict', 'An account with this email already exists');
      return { id };
    },

    async unregister(id) {
      await db.delete(credentials).where(eq(credentials.id, id));
      return true;
    },

    async seedCredential(input) {
      const [existing] = await db
        .select({ id: credentials.id })
        .from(credentials)
        .where(eq(credentials.id, input.id));
      // Checked first so a restart does not pay for hashing a password it will not store.
      if (existing) return;
      const passwordHash = await hashPassword(input.password);
      await db
        .insert(credentials)
        .values({ id: input.id, email: input.email, passwordHash })
        .onConflictDoNothing();
    },

    async login(attempt: LoginAttempt): Promise<TokenSet> {
      const [row] = await db
        .select({ id: credentials.id, email: credentials.email, passwordHash: credentials.passwordHash })
        .from(credentials)
        .where(sql`lower(${credentials.email}) = lower(${attempt.username})`)
        .limit(1);
      const matches = await verifyPassword(attempt.password, row?.passwordHash ?? (await decoyHash));
      if (!row || !matches) throw new AppError('unauthorized', WRONG_CREDENTIALS);
      const claims = await claimsOf(row.id, row.email);
      const refresh = mintRefreshToken();
      await startSession(db, { familyId: newId(), userId: row.id, token: refresh.stored });
      const refreshToken = refresh.token;
      const { accessToken, idToken } = await signTokens(row.id, claims, true);
      return {
        access_token: accessToken,
        refresh_token: refreshToken,
        ...(idToken ? { id_token: idToken } : {}),
        expires_in: options.accessTokenTtlSeconds,
        token_type: 'Bearer',
      };
    },

    async refresh(token) {
      const row = await findRefreshToken(token);
      if (!row || row.revokedAt || row.expiresAt.getTime() <= now()) {
        throw new AppError('unauthorized', INVALID_REFRESH_TOKEN);
      }
      // Claiming the token is one conditional update, so two concurrent uses cannot both win.
      const next = mintRefreshToken();
      const rotated = await rotateRefreshToken(db, {
        spentId: row.id,
        usedAt: new Date(now()),
        next: next.stored,
      });
      if (!rotated) {
        // A token that was already exchanged came back: someone holds a copy. End the session.
        await revokeFamily(row.familyId, 'reuse');
        throw new AppError('unauthorized', INVALID_REFRESH_TOKEN);
      }
      const { accessToken } = await signTokens(row.userId, await claimsOf(row.userId, row.email), false);
      return {
        access_token: accessToken,
        refresh_token: next.token,
        expires_in: options.accessTokenTtlSeconds,
        token_type: 'Bearer',
      };
    },

    async logout(refreshToken, returnTo) {
      if (refreshToken) {
        const row = await findRefreshToken(refreshToken);
        if (row) await revokeFamily(row.familyId, 'logout');
      }
      return returnTo;
    },

    issueClientToken: partners.issueClientToken,
    clients: partners.registry,
    // Its users sign in on the site's own form (the password grant); there is no hosted login page.
    authorizationCode: null,

    publicKeys: () => jwks,
  };
}
