import type { ClientCredentialsRequest } from '../domain/client-credentials.ts';
import { OAuthError } from '../domain/oauth-error.ts';
import {
  CLIENT_AUTH_FAILURES_PER_CLIENT,
  CLIENT_AUTH_FAILURES_PER_IP,
  clientIdSubject,
  ipSubject,
} from '../domain/rate-limits.ts';
import type { GatewayOperationsDeps, RequestContext } from './deps.ts';

/**
 * A partner client's access token (client credentials grant). Failed authentications count
 * against the client id and the address; over either limit, requests are refused (429) first.
 */
export async function issueClientToken(
  deps: GatewayOperationsDeps,
  request: ClientCredentialsRequest,
  context: RequestContext,
) {
  const { clientIp } = context;
  const client = await clientIdSubject(request.clientId);
  await deps.throttle.check(CLIENT_AUTH_FAILURES_PER_IP, ipSubject(clientIp));
  await deps.throttle.check(CLIENT_AUTH_FAILURES_PER_CLIENT, client);
  try {
    return await deps.identity.issueClientToken(request);
  } catch (error) {
    if (error instanceof OAuthError && error.oauthError === 'invalid_client') {
      context.log.warn('client authentication failed', { clientId: request.clientId, clientIp });
      await deps.throttle.fail(CLIENT_AUTH_FAILURES_PER_CLIENT, client);
      await deps.throttle.fail(CLIENT_AUTH_FAILURES_PER_IP, ipSubject(clientIp));
    }
    throw error;
  }
}
