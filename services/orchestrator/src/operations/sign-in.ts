import { AppError } from '@edu/platform/http';
import { accountSubject, ipSubject, LOGIN_FAILURES_PER_ACCOUNT } from '../domain/rate-limits.ts';
import type { GatewayOperationsDeps, RequestContext } from './deps.ts';

/**
 * Tokens for an email and password. Failures count against the account and the address; once
 * either is over its limit, attempts are refused (429) before the password is even checked.
 */
export async function signIn(
  deps: GatewayOperationsDeps,
  credentials: { username: string; password: string },
  context: RequestContext,
) {
  const { clientIp } = context;
  const account = await accountSubject(credentials.username);
  await deps.throttle.check(deps.addressLimits.loginFailures, ipSubject(clientIp));
  await deps.throttle.check(LOGIN_FAILURES_PER_ACCOUNT, account);
  try {
    const tokens = await deps.identity.login({ ...credentials, clientIp });
    await deps.throttle.reset(LOGIN_FAILURES_PER_ACCOUNT, account);
    return tokens;
  } catch (error) {
    if (error instanceof AppError && error.code === 'unauthorized') {
      // For operators watching for brute force: the hashed account and the address, never the password.
      context.log.warn('login failed', { account, clientIp });
      await deps.throttle.fail(LOGIN_FAILURES_PER_ACCOUNT, account);
      await deps.throttle.fail(deps.addressLimits.loginFailures, ipSubject(clientIp));
    }
    throw error;
  }
}
