import { type AppEnv, BEARER_SECURITY, problemResponses, requirePartnerScope } from '@edu/platform/http';
import { createRoute, type OpenAPIHono } from '@hono/zod-openapi';
import type { EnrollmentService } from '../../enrollment-service.ts';
import { json } from '../schemas.ts';
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
    200: json(EnrollmentPageSchema, 'A page of seats'),
    ...problemResponses('validation_failed', 'unauthorized', 'forbidden'),
  },
});

export function registerListEnrollments(app: OpenAPIHono<AppEnv>, service: EnrollmentService) {
  app.openapi(route, async (c) => {
    const partner = requirePartnerScope(c, 'enrollments:write');
    const page = await service.list(
      { partnerId: partner.sub, requestId: c.get('requestId') },
      c.req.valid('query'),
    );
    return c.json(page, 200);
  });
}
