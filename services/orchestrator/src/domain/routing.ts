import type { ServiceName } from '@edu/contracts';

/** Which service owns which public path prefix (see docs/API.md). */
const OWNERS: ReadonlyArray<readonly [prefix: string, service: ServiceName]> = [
  ['/api/v1/users', 'users'],
  ['/api/v1/courses', 'courses'],
  ['/api/v1/me/courses', 'courses'],
  ['/api/v1/payments', 'payments'],
  ['/api/v1/progress', 'progress'],
  ['/api/v1/certificates', 'progress'],
  ['/api/v1/notifications', 'notifications'],
  ['/api/v1/realtime', 'notifications'],
  ['/api/v1/partner/enrollments', 'courses'],
  ['/api/v1/partner/progress', 'progress'],
  ['/api/v1/partner/webhooks', 'notifications'],
];

/** The service that owns `path`, or null when no service does. */
export function serviceForPath(path: string): ServiceName | null {
  for (const [prefix, service] of OWNERS) {
    if (path === prefix || path.startsWith(`${prefix}/`)) return service;
  }
  return null;
}

/**
 * Headers a service trusts only from the gateway. Anything under this prefix that arrives
 * from outside is dropped before forwarding, so a caller cannot claim an identity.
 */
export const INTERNAL_HEADER_PREFIX = 'x-edu-';
