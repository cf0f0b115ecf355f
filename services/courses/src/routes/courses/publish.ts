import { jsonContent, problemResponses, requireIdentity, type ServiceApp } from '@edu/platform/http';
import { createRoute } from '@hono/zod-openapi';
import { publishCourse } from '../../operations/courses.ts';
import type { CoursesDeps } from '../../operations/deps.ts';
import { CourseParams, CourseSchema, NO_SUCH_COURSE, WRONG_COURSE_STATE } from '../schemas.ts';

const route = createRoute({
  method: 'post',
  path: '/api/v1/courses/{id}/publish',
  tags: ['Courses'],
  summary: 'Publish a course (owner or admin); it needs at least one lesson',
  description: 'Publishing an already published course answers 200 and changes nothing.',
  request: { params: CourseParams },
  responses: {
    200: jsonContent(CourseSchema, 'The published course'),
    ...problemResponses('validation_failed', 'unauthorized', 'forbidden', NO_SUCH_COURSE, WRONG_COURSE_STATE),
  },
});

export function registerPublishCourse(app: ServiceApp, deps: CoursesDeps) {
  app.openapi(route, async (c) => {
    const caller = requireIdentity(c);
    const course = await publishCourse(
      deps,
      { caller, requestId: c.get('requestId') },
      c.req.valid('param').id,
    );
    return c.json(course, 200);
  });
}
