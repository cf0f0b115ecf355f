import { BEARER_SECURITY, problemResponses, requirePartnerScope, type ServiceApp } from '@edu/platform/http';
import { createRoute } from '@hono/zod-openapi';
import type { CoursesDeps } from '../../operations/deps.ts';
import { revokeEnrollment } from '../../operations/enrollments.ts';
import { EnrollmentParams } from './schemas.ts';

const route = createRoute({
  method: 'delete',
  path: '/api/v1/partner/enrollments/{enrollmentId}',
  tags: ['Partner'],
  security: BEARER_SECURITY,
  summary: 'Revoke a seat (partner, scope enrollments:write)',
  description:
    "Ends the access this seat gave. A learner who also bought the course, or holds another partner's seat in it, keeps that access. Revoking an already revoked seat changes nothing. Another partner's seat is a 404.",
  request: { params: EnrollmentParams },
  responses: {
    204: { description: 'The seat is revoked' },
    ...problemResponses('validation_failed', 'unauthorized', 'forbidden', 'not_found'),
  },
});

export function registerRevokeEnrollment(app: ServiceApp, deps: CoursesDeps) {
  app.openapi(route, async (c) => {
    const partner = requirePartnerScope(c, 'enrollments:write');
    await revokeEnrollment(
      deps,
      { partnerId: partner.sub, requestId: c.get('requestId') },
      c.req.valid('param').enrollmentId,
    );
    return c.body(null, 204);
  });
}
