import { AppError } from '@edu/platform/http';
import { errors, type JWTVerifyGetKey, jwtVerify } from 'jose';
import { z } from 'zod';
import type { SignedInIdentity } from './provider.ts';

/** The OIDC claims we read from a verified ID token; `nonce` is compared with the attempt's. */
const IdTokenClaimsSchema = z.object({
  sub: z.string().min(1).max(255),
  nonce: z.string(),
  email: z.string().max(254).optional(),
  name: z.string().max(200).optional(),
});

interface IdTokenExpectations {
  issuer: string;
  /** The application's client id: an ID token for any other client is refused. */
  clientId: string;
  keys: JWTVerifyGetKey;
  algorithms: string[];
}

/** The one 401 every failed sign-in verification becomes, so nothing about the cause leaks. */
export function signInRefused(): AppError {
  return new AppError('unauthorized', 'The sign-in could not be verified; start it again');
}

/**
 * Verifies an ID token from the code exchange (OIDC Core §3.1.3.7): signature against the
 * tenant's JWKS with an explicit algorithm list, iss, aud = our client id, exp (and iat), and
 * the nonce this attempt was started with, which ties the code to the browser that asked for it.
 */
export async function verifyIdToken(
  idToken: string,
  nonce: string,
  expected: IdTokenExpectations,
): Promise<SignedInIdentity> {
  const verified = await jwtVerify(idToken, expected.keys, {
    issuer: expected.issuer,
    audience: expected.clientId,
    algorithms: expected.algorithms,
    requiredClaims: ['exp', 'iat', 'sub', 'nonce'],
    clockTolerance: 60,
  }).catch((error: unknown) => {
    if (error instanceof errors.JWKSTimeout) {
      throw new AppError('bad_gateway', 'The identity provider could not be reached');
    }
    return null;
  });
  const claims = IdTokenClaimsSchema.safeParse(verified?.payload);
  if (!claims.success || claims.data.nonce !== nonce) throw signInRefused();
  const { sub, email, name } = claims.data;
  return { sub, ...(email ? { email } : {}), ...(name ? { name } : {}) };
}
