import { AppError } from '@edu/platform/http';
import { accountSubject, ipSubject, REGISTRATIONS_PER_ACCOUNT } from '../domain/rate-limits.ts';
import type { GatewayOperationsDeps, RequestContext } from './deps.ts';

/**
 * A new account: within the per-address and per-account limits, past the human check when the
 * platform asks for one, the sign-in credential at the identity provider and then the profile
 * at the users service. A credential without a profile would be a half account, so a failed
 * profile undoes the credential where the provider can.
 */
export async function registerAccount(
  deps: GatewayOperationsDeps,
  input: { email: string; password: string; name: string; turnstileToken?: string | undefined },
  context: RequestContext,
) {
  const { turnstileToken, ...account } = input;
  await deps.throttle.consume(deps.addressLimits.registrations, ipSubject(context.clientIp));
  await deps.throttle.consume(REGISTRATIONS_PER_ACCOUNT, await accountSubject(account.email));
  if (
    deps.turnstile &&
    !(turnstileToken && (await deps.turnstile.verify(turnstileToken, context.clientIp)))
  ) {
    throw new AppError('validation_failed', 'The human check was missing or did not pass; try again', {
      errors: [{ path: 'turnstileToken', message: 'must be a valid Turnstile token' }],
    });
  }
  const { id } = await deps.identity.register(account);
  try {
    return await deps.users.create({ id, email: account.email, name: account.name }, context.requestId);
  } catch (error) {
    const undone = await deps.identity.unregister(id).catch(() => false);
    context.log.warn('registration did not complete', { userId: id, credentialRemoved: undone });
    throw error;
  }
}
