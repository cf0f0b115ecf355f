import type { AccessTokenVerifier, VerifiedCaller } from './verify.ts';
import { bearerToken } from './verify.ts';

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
