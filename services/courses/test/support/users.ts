import { newId } from '@edu/contracts';
import type { ServiceBinding } from '@edu/platform';
import { problemResponse, readIdentity } from '@edu/platform/http';
import { TEST_IDENTITY_SECRET } from '@edu/platform/testing';

/** The services the users service's internal learner lookup answers (it is a 404 for anyone else). */
const ALLOWED_CALLERS = ['orchestrator', 'courses'];

/**
 * A stand-in for the users service's `GET /internal/v1/users?email=`: like the real route, it
 * answers only the internal callers it allows (signed as a service) and finds emails in any
 * case. It records who called, and can be made unreachable.
 */
export function createUsersStandIn() {
  const registered = new Map<string, { id: string; email: string }>();
  const callers: string[] = [];
  let down = false;
  const binding: ServiceBinding = {
    fetch: async (request) => {
      if (down) throw new TypeError('connection refused');
      const caller = await readIdentity(request.headers, TEST_IDENTITY_SECRET);
      callers.push(caller ? `${caller.kind}:${caller.sub}` : 'anonymous');
      if (caller?.kind !== 'service' || !ALLOWED_CALLERS.includes(caller.sub)) {
        return problemResponse('not_found', 'No such route');
      }
      const email = new URL(request.url).searchParams.get('email') ?? '';
      const learner = registered.get(email.toLowerCase());
      if (!learner) return problemResponse('not_found', 'No user has this email');
      return Response.json({ ...learner, name: 'Learner', roles: ['user'] });
    },
  };
  return {
    binding,
    /** Who called, as `kind:sub`, in order. */
    callers,
    /** Registers a learner with a fresh id and a mixed-case email, or the ones given. */
    register(
      learner: { id: string; email: string } = {
        id: `learner-${newId()}`,
        email: `Learner.${newId()}@Example.com`,
      },
    ) {
      registered.set(learner.email.toLowerCase(), learner);
      return learner;
    },
    setDown(value: boolean) {
      down = value;
    },
  };
}
