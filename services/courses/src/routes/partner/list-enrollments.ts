import {
  BEARER_SECURITY,
  jsonContent,
  problemResponses,
  requirePartnerScope,
  type ServiceApp,
} from '@edu/platform/http';
import { createRoute } from '@hono/zod-openapi';
import type { CoursesDeps } from '../../operations/deps.ts';
import { listPartnerEnrollments } from '../../operations/enrollments.ts';
import { EnrollmentPageSchema, EnrollmentQuerySchema } from './schemas.ts';

const route = createRoute({
  method: 'get',
  path: '/api/v1/partner/enrollments',
  tags: ['Partner'],
  security: BEARER_SECURITY,
  summary: "The calling partner's seats, newest first (partner, scope enrollments:write)",
  description:
    'Only seats this partner granted, active and revoked, optionally in one course (`courseId`). Cursor pagination: pass `nextCursor` back as `cursor`.',
  request: { query: EnrollmentQuerySchema },
  responses: {
    200: jsonContent(EnrollmentPageSchema, 'A page of seats'),
    ...problemResponses('validation_failed', 'unauthorized', 'forbidden'),
  },
});

export function registerListEnrollments(app: ServiceApp, deps: CoursesDeps) {
  app.openapi(route, async (c) => {
    const partner = requirePartnerScope(c, 'enrollments:write');
    const page = await listPartnerEnrollments(
      deps,
      { partnerId: partner.sub, requestId: c.get('requestId') },
      c.req.valid('query'),
    );
    return c.json(page, 200);
  });
}
