import { RoleSchema } from '@edu/contracts';
import type { Identity } from '@edu/platform/http';
import { AppError } from '@edu/platform/http';
import { errors, type JWTPayload, type JWTVerifyGetKey, jwtVerify } from 'jose';
import { z } from 'zod';
import { RATE_LIMIT_CLAIM } from '../../domain/partner-clients.ts';

/**
 * The verified caller: what the gateway forwards to services (see `signIdentity`), plus, for
 * a partner client whose token carries one, its own requests-per-minute limit (gateway only).
 */
export type VerifiedCaller = Omit<Identity, 'exp'> & { rateLimitPerMinute?: number };

export interface AccessTokenVerifier {
  /** The caller a valid access token speaks for; throws a 401 AppError for anything else. */
  verify(token: string): Promise<VerifiedCaller>;
}

interface VerifierOptions {
  issuer: string;
  audience: string;
  /** A cached JWKS: jose's local set (embedded) or remote set with a refetch cooldown (Auth0). */
  keys: JWTVerifyGetKey;
  /** Explicit allow-list: `none`, HS256 and anything else are refused before any key is used. */
  algorithms: string[];
  /** The claim holding the roles array (Auth0: a namespaced custom claim). */
  rolesClaim: string;
  /** When set, the JOSE `typ` header must match (RFC 9068 `at+jwt`), so an id_token is refused. */
  requiredType?: string;
  clockToleranceSeconds?: number;
  /** Verified tokens remembered until they expire (bounded), so hot paths skip the signature check. */
  cacheSize?: number;
  now?: () => number;
}

const INVALID_TOKEN = 'The access token is missing, invalid or expired';
const WWW_AUTHENTICATE = { 'WWW-Authenticate': 'Bearer error="invalid_token"' };

/** The one 401 every token problem becomes: the same words whatever went wrong, so nothing leaks. */
export function invalidToken(): AppError {
  return new AppError('unauthorized', INVALID_TOKEN, { headers: WWW_AUTHENTICATE });
}

const ClaimsSchema = z.object({
  sub: z.string().min(1).max(255),
  scope: z.string().optional(),
  email: z.string().optional(),
  name: z.string().optional(),
  /** Auth0 marks machine-to-machine tokens with `gty: client-credentials`. */
  gty: z.string().optional(),
});

const RateLimitClaimSchema = z.number().int().positive().optional().catch(undefined);

/** Reads the caller out of verified claims: every account is a `user`; unknown role names are dropped. */
function callerFromClaims(payload: JWTPayload, rolesClaim: string): VerifiedCaller {
  const claims = ClaimsSchema.parse(payload);
  const listed = z.array(z.string()).catch([]).parse(payload[rolesClaim]);
  const roles = RoleSchema.options.filter((role) => role === 'user' || listed.includes(role));
  const scopes = claims.scope ? claims.scope.split(' ').filter(Boolean) : [];
  const isClient = claims.gty === 'client-credentials' && claims.sub.endsWith('@clients');
  const rateLimitPerMinute = isClient ? RateLimitClaimSchema.parse(payload[RATE_LIMIT_CLAIM]) : undefined;
  return {
    kind: isClient ? 'client' : 'user',
    sub: claims.sub,
    roles: isClient ? [] : roles,
    scopes,
    ...(claims.email ? { email: claims.email } : {}),
    ...(claims.name ? { name: claims.name } : {}),
    ...(rateLimitPerMinute ? { rateLimitPerMinute } : {}),
  };
}

/**
 * Verifies access tokens the same way for every provider: signature against the issuer's
 * JWKS (by `kid`), an explicit algorithm allow-list, issuer, audience, expiry and not-before
 * with a small clock skew.
 *
 * @example
 * const verifier = createAccessTokenVerifier({ issuer, audience, keys, algorithms: ['RS256'], rolesClaim: 'roles' });
 * const caller = await verifier.verify(token);
 */
export function createAccessTokenVerifier(options: VerifierOptions): AccessTokenVerifier {
  const now = options.now ?? Date.now;
  const tolerance = options.clockToleranceSeconds ?? 5;
  const cacheSize = options.cacheSize ?? 10_000;
  // Safe to share across requests: a token's verified claims never change; entries die at `exp`.
  const verified = new Map<string, { caller: VerifiedCaller; exp: number }>();

  return {
    async verify(token) {
      const cached = verified.get(token);
      if (cached) {
        if (now() / 1000 < cached.exp + tolerance) return cached.caller;
        verified.delete(token);
      }
      let payload: JWTPayload;
      try {
        const result = await jwtVerify(token, options.keys, {
          issuer: options.issuer,
          audience: options.audience,
          algorithms: options.algorithms,
          clockTolerance: tolerance,
          requiredClaims: ['exp', 'sub'],
          currentDate: new Date(now()),
          ...(options.requiredType ? { typ: options.requiredType } : {}),
        });
        payload = result.payload;
      } catch (error) {
        if (error instanceof errors.JOSEError || error instanceof TypeError) throw invalidToken();
        throw error;
      }
      const parsed = ClaimsSchema.safeParse(payload);
      if (!parsed.success || typeof payload.exp !== 'number') throw invalidToken();
      const caller = callerFromClaims(payload, options.rolesClaim);
      if (verified.size >= cacheSize) {
        const oldest = verified.keys().next().value;
        if (oldest !== undefined) verified.delete(oldest);
      }
      verified.set(token, { caller, exp: payload.exp });
      return caller;
    },
  };
}

/** The token of an `Authorization: Bearer <token>` header, or null when there is none. */
function bearerToken(header: string | undefined): string | null {
  if (!header) return null;
  const match = /^Bearer[ ]+([A-Za-z0-9._~+/-]+=*)$/i.exec(header.trim());
  if (!match?.[1]) throw invalidToken();
  return match[1];
}

/**
 * The verified caller of a request: null without an Authorization header, a 401 for any
 * token that does not verify (also on public routes: a bad token is never ignored).
 */
export async function authenticate(
  headers: Headers,
  verifier: AccessTokenVerifier,
): Promise<VerifiedCaller | null> {
  const token = bearerToken(headers.get('authorization') ?? undefined);
  return token ? verifier.verify(token) : null;
}
