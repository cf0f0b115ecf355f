import { describeRouteSecurity } from '@edu/platform/testing/security';
import { ADMIN, INSTRUCTOR, LEARNER, useUsersService } from './support.ts';

const users = useUsersService();
const partnerClient = () => ({ sub: 'partner@clients', roles: [], kind: 'client' as const });

// The internal routes are not in the service's document (hidden); their 404 for anyone but
// their callers is tested in internal-users.test.ts.
describeRouteSecurity({
  service: 'users',
  subject: users.subject,
  owner: () => LEARNER,
  routes: [
    {
      operation: 'GET /api/v1/users/me',
      request: () => ({ path: '/api/v1/users/me' }),
      forbidden: { caller: partnerClient },
    },
    {
      operation: 'PATCH /api/v1/users/me',
      request: () => ({ path: '/api/v1/users/me', body: { name: 'Lena Learner' } }),
      forbidden: { caller: partnerClient },
    },
    {
      operation: 'GET /api/v1/users',
      request: () => ({ path: '/api/v1/users' }),
      owner: () => ADMIN,
      forbidden: { caller: () => INSTRUCTOR },
    },
    {
      operation: 'PUT /api/v1/users/{id}/roles',
      request: () => ({ path: `/api/v1/users/${INSTRUCTOR.sub}/roles`, body: { roles: ['instructor'] } }),
      owner: () => ADMIN,
      forbidden: { caller: () => LEARNER },
    },
  ],
});
