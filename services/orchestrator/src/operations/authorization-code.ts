import { AppError } from '@edu/platform/http';
import type {
  AuthorizationCodeFlow,
  AuthorizationRequest,
  CodeExchange,
} from '../adapters/identity/provider.ts';
import { ipSubject } from '../domain/rate-limits.ts';
import type { GatewayOperationsDeps, RequestContext } from './deps.ts';

function flowOf(deps: GatewayOperationsDeps): AuthorizationCodeFlow {
  if (!deps.identity.authorizationCode) {
    throw new AppError(
      'conflict',
      'This deployment has no hosted login page (embedded issuer): sign in with POST /api/v1/auth/login',
    );
  }
  return deps.identity.authorizationCode;
}

/** Where to send the browser to sign in on the identity provider's login page; 409 without one. */
export function hostedSignInUrl(deps: GatewayOperationsDeps, request: AuthorizationRequest): string {
  return flowOf(deps).authorizeUrl(request);
}

/**
 * Tokens for the code the login page sent the browser back with. Refused exchanges count
 * against the address like failed logins. An account signing in for the first time on the
 * login page itself (social, enterprise) gets its profile from the ID token.
 */
export async function redeemAuthorizationCode(
  deps: GatewayOperationsDeps,
  exchange: CodeExchange,
  context: RequestContext,
) {
  const flow = flowOf(deps);
  const address = ipSubject(context.clientIp);
  await deps.throttle.check(deps.addressLimits.loginFailures, address);
  const signedIn = await flow.exchange(exchange).catch(async (error: unknown) => {
    if (error instanceof AppError && error.code === 'unauthorized') {
      context.log.warn('authorization code refused', { clientIp: context.clientIp });
      await deps.throttle.fail(deps.addressLimits.loginFailures, address);
    }
    throw error;
  });
  const { sub, email, name } = signedIn.identity;
  if (email && !(await deps.users.find(sub, context.requestId))) {
    await deps.users.create({ id: sub, email, name: name ?? email }, context.requestId);
  }
  return signedIn.tokens;
}
