import { jsonContent, problemResponses, requireIdentity, type ServiceApp } from '@edu/platform/http';
import { createRoute } from '@hono/zod-openapi';
import { unpublishCourse } from '../../operations/courses.ts';
import type { CoursesDeps } from '../../operations/deps.ts';
import { CourseParams, CourseSchema, NO_SUCH_COURSE } from '../schemas.ts';

const route = createRoute({
  method: 'post',
  path: '/api/v1/courses/{id}/unpublish',
  tags: ['Courses'],
  summary:
    'Take a course back to draft (owner or admin): out of the catalog, seen only by its owner and admins',
  description:
    'Learners lose it with the rest of the catalog until it is published again; to retire a course learners own, archive it instead. Unpublishing a draft answers 200 and changes nothing.',
  request: { params: CourseParams },
  responses: {
    200: jsonContent(CourseSchema, 'The course, now a draft'),
    ...problemResponses('validation_failed', 'unauthorized', 'forbidden', NO_SUCH_COURSE),
  },
});

export function registerUnpublishCourse(app: ServiceApp, deps: CoursesDeps) {
  app.openapi(route, async (c) => {
    const caller = requireIdentity(c);
    const course = await unpublishCourse(
      deps,
      { caller, requestId: c.get('requestId') },
      c.req.valid('param').id,
    );
    return c.json(course, 200);
  });
}
