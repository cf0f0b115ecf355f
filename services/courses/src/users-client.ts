import type { ServiceBinding } from '@edu/platform';
import { AppError, GATEWAY_CALLER, signIdentity } from '@edu/platform/http';
import { z } from 'zod';

const LearnerSchema = z.object({ id: z.string().min(1), email: z.string() });
export type Learner = z.infer<typeof LearnerSchema>;

/**
 * Finds a registered learner by email (in any case) through the users service's internal
 * route. That route answers only gateway-signed callers; services share the internal secret,
 * so we sign as the gateway, as the gateway itself does for registration. Null: no such user.
 */
export async function findLearnerByEmail(
  users: ServiceBinding,
  identitySecret: string,
  email: string,
  requestId: string,
): Promise<Learner | null> {
  const headers = new Headers(await signIdentity(GATEWAY_CALLER, identitySecret));
  headers.set('x-request-id', requestId);
  let response: Response;
  try {
    response = await users.fetch(
      new Request(`http://users.internal/internal/v1/users?email=${encodeURIComponent(email)}`, { headers }),
    );
  } catch {
    throw new AppError('unavailable', 'Learners cannot be looked up right now; try again shortly');
  }
  if (response.status === 404) {
    await response.body?.cancel();
    return null;
  }
  if (!response.ok) {
    await response.body?.cancel();
    throw new AppError('unavailable', 'Learners cannot be looked up right now; try again shortly');
  }
  const parsed = LearnerSchema.safeParse(await response.json().catch(() => null));
  if (!parsed.success) throw new AppError('bad_gateway', 'The users service answered unexpectedly');
  return parsed.data;
}
