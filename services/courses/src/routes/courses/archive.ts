import { jsonContent, problemResponses, requireIdentity, type ServiceApp } from '@edu/platform/http';
import { createRoute } from '@hono/zod-openapi';
import { archiveCourse } from '../../operations/courses.ts';
import type { CoursesDeps } from '../../operations/deps.ts';
import { CourseParams, CourseSchema, NO_SUCH_COURSE } from '../schemas.ts';

const route = createRoute({
  method: 'post',
  path: '/api/v1/courses/{id}/archive',
  tags: ['Courses'],
  summary: 'Archive a course (owner or admin): out of the catalog and search, no longer for sale',
  description:
    'Learners who own it (bought it, or hold a seat) keep its lessons and see it in /api/v1/me/courses. Publishing it again puts it back in the catalog; archiving it twice answers 200 and changes nothing.',
  request: { params: CourseParams },
  responses: {
    200: jsonContent(CourseSchema, 'The archived course'),
    ...problemResponses('validation_failed', 'unauthorized', 'forbidden', NO_SUCH_COURSE),
  },
});

export function registerArchiveCourse(app: ServiceApp, deps: CoursesDeps) {
  app.openapi(route, async (c) => {
    const caller = requireIdentity(c);
    const course = await archiveCourse(
      deps,
      { caller, requestId: c.get('requestId') },
      c.req.valid('param').id,
    );
    return c.json(course, 200);
  });
}
