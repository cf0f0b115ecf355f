import { RoleSchema } from '@edu/contracts';
import type { ServiceBinding } from '@edu/platform';
import { AppError, createServiceClient } from '@edu/platform/http';
import { z } from 'zod';

/** The profile fields the gateway needs from the users service. */
const ProfileSchema = z.object({
  id: z.string(),
  email: z.string(),
  name: z.string(),
  roles: z.array(RoleSchema),
});
type Profile = z.infer<typeof ProfileSchema>;

/**
 * The gateway's way to the users service's internal routes (profile creation at registration,
 * claims at login), signed as the `orchestrator` service, which those routes require. A users
 * service that cannot answer is `unavailable` (503).
 */
export function createUsersClient(binding: ServiceBinding, identitySecret: string) {
  const users = createServiceClient({ from: 'orchestrator', to: 'users', binding, identitySecret });

  async function find(id: string, requestId: string): Promise<Profile | null> {
    const response = await users.fetch({ path: `/internal/v1/users/${encodeURIComponent(id)}`, requestId });
    if (response.status === 404) {
      await response.body?.cancel();
      return null;
    }
    return users.read(response, ProfileSchema);
  }

  return {
    /** Creates the profile of a new account (idempotent for one id); 409 when the email is taken. */
    async create(profile: { id: string; email: string; name: string }, requestId: string): Promise<Profile> {
      const response = await users.fetch({
        method: 'POST',
        path: '/internal/v1/users',
        body: profile,
        requestId,
      });
      if (response.status === 409) {
        await response.body?.cancel();
        throw new AppError('conflict', 'An account with this email already exists');
      }
      return users.read(response, ProfileSchema);
    },
    find,
    /** What tokens say about `id`: its profile's email, name and roles. */
    async claims(id: string, requestId: string = crypto.randomUUID()) {
      const profile = await find(id, requestId);
      return profile ? { email: profile.email, name: profile.name, roles: profile.roles } : null;
    },
  };
}
export type UsersClient = ReturnType<typeof createUsersClient>;
