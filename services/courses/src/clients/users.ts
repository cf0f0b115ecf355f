import type { ServiceDeps } from '@edu/platform';
import { createServiceClient } from '@edu/platform/http';
import { z } from 'zod';

const LearnerSchema = z.object({ id: z.string().min(1), email: z.string() });
type Learner = z.infer<typeof LearnerSchema>;

export interface UsersClient {
  /** The registered learner with `email` (in any case), or null when there is none. */
  findLearnerByEmail(email: string, requestId: string): Promise<Learner | null>;
}

/**
 * The users service, through its binding: its internal route finds learners by email for
 * partner enrollments, and answers the courses service calling as itself.
 */
export function createUsersClient(deps: Pick<ServiceDeps, 'services' | 'identitySecret'>): UsersClient {
  const users = createServiceClient({
    from: 'courses',
    to: 'users',
    binding: deps.services.users,
    identitySecret: deps.identitySecret,
  });
  return {
    async findLearnerByEmail(email, requestId) {
      const response = await users.fetch({
        path: `/internal/v1/users?email=${encodeURIComponent(email)}`,
        requestId,
      });
      if (response.status === 404) {
        await response.body?.cancel();
        return null;
      }
      return users.read(response, LearnerSchema);
    },
  };
}
