import { RoleSchema } from '@edu/contracts';
import type { ServiceBinding } from '@edu/platform';
import { AppError, GATEWAY_CALLER, signIdentity } from '@edu/platform/http';
import { z } from 'zod';
import type { UserClaims } from './embedded/issuer.ts';

/** The profile fields the gateway needs from the users service. */
const ProfileSchema = z.object({
  id: z.string(),
  email: z.string(),
  name: z.string(),
  roles: z.array(RoleSchema),
});
export type GatewayProfile = z.infer<typeof ProfileSchema>;

/**
 * The gateway's way to the users service's internal routes (profile creation at registration,
 * claims at login), signed as the gateway itself so no outside caller can use them.
 */
export function createUsersDirectory(users: ServiceBinding, identitySecret: string) {
  async function call(method: 'GET' | 'POST', path: string, requestId: string, body?: unknown) {
    const headers = new Headers(await signIdentity(GATEWAY_CALLER, identitySecret));
    headers.set('x-request-id', requestId);
    if (body !== undefined) headers.set('content-type', 'application/json');
    try {
      return await users.fetch(
        new Request(`http://users.internal${path}`, {
          method,
          headers,
          ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
        }),
      );
    } catch {
      throw new AppError('bad_gateway', 'The users service could not be reached');
    }
  }

  async function profileOf(response: Response): Promise<GatewayProfile> {
    const parsed = ProfileSchema.safeParse(await response.json().catch(() => null));
    if (!parsed.success) throw new AppError('bad_gateway', 'The users service answered unexpectedly');
    return parsed.data;
  }

  async function find(id: string, requestId: string): Promise<GatewayProfile | null> {
    const response = await call('GET', `/internal/v1/users/${encodeURIComponent(id)}`, requestId);
    if (response.status === 404) {
      await response.body?.cancel();
      return null;
    }
    if (!response.ok) throw new AppError('bad_gateway', 'The users service answered unexpectedly');
    return profileOf(response);
  }

  return {
    /** Creates the profile of a new account (idempotent for one id); 409 when the email is taken. */
    async create(profile: { id: string; email: string; name: string }, requestId: string) {
      const response = await call('POST', '/internal/v1/users', requestId, profile);
      if (response.status === 409) {
        await response.body?.cancel();
        throw new AppError('conflict', 'An account with this email already exists');
      }
      if (!response.ok) throw new AppError('bad_gateway', 'The users service answered unexpectedly');
      return profileOf(response);
    },
    find,
    /** What tokens say about `id`: its profile's email, name and roles. */
    async claims(id: string, requestId = crypto.randomUUID()): Promise<UserClaims | null> {
      const profile = await find(id, requestId);
      return profile ? { email: profile.email, name: profile.name, roles: profile.roles } : null;
    },
  };
}
export type UsersDirectory = ReturnType<typeof createUsersDirectory>;
