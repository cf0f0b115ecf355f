import {
  BEARER_SECURITY,
  jsonBody,
  jsonContent,
  problemResponses,
  requirePartnerScope,
  type ServiceApp,
} from '@edu/platform/http';
import { createRoute } from '@hono/zod-openapi';
import type { CoursesDeps } from '../../operations/deps.ts';
import { enrollLearner } from '../../operations/enrollments.ts';
import { EnrollmentSchema, NewEnrollmentSchema } from './schemas.ts';

const route = createRoute({
  method: 'post',
  path: '/api/v1/partner/enrollments',
  tags: ['Partner'],
  security: BEARER_SECURITY,
  summary: 'Give a registered learner a seat in a course (partner, scope enrollments:write)',
  description:
    'The learner is found by the email they registered with (in any case); a learner who has no account yet must register first (404). The course must be published (404 otherwise). The seat gives the learner the course as a purchase does, until the partner revokes it. Idempotent: while the partner holds an active seat for this learner and course, enrolling again answers 200 with that seat.',
  request: { body: jsonBody(NewEnrollmentSchema) },
  responses: {
    200: jsonContent(EnrollmentSchema, 'The learner already had an active seat from this partner'),
    201: jsonContent(EnrollmentSchema, 'The new seat'),
    ...problemResponses('validation_failed', 'unauthorized', 'forbidden', 'not_found', 'unavailable'),
  },
});

export function registerEnroll(app: ServiceApp, deps: CoursesDeps) {
  app.openapi(route, async (c) => {
    const partner = requirePartnerScope(c, 'enrollments:write');
    const { enrollment, created } = await enrollLearner(
      deps,
      { partnerId: partner.sub, requestId: c.get('requestId') },
      c.req.valid('json'),
    );
    return created ? c.json(enrollment, 201) : c.json(enrollment, 200);
  });
}
