import { jsonContent, problemResponses, type ServiceApp } from '@edu/platform/http';
import { createRoute } from '@hono/zod-openapi';
import { getCourse } from '../../operations/courses.ts';
import type { CoursesDeps } from '../../operations/deps.ts';
import { CourseParams, CourseSchema, NO_SUCH_COURSE } from '../schemas.ts';

const route = createRoute({
  method: 'get',
  path: '/api/v1/courses/{id}',
  tags: ['Courses'],
  summary: 'A course; drafts only for their owner and admins',
  request: { params: CourseParams },
  responses: {
    200: jsonContent(CourseSchema, 'The course'),
    ...problemResponses('validation_failed', NO_SUCH_COURSE),
  },
});

export function registerGetCourse(app: ServiceApp, deps: CoursesDeps) {
  app.openapi(route, async (c) => {
    const course = await getCourse(deps, c.get('identity'), c.req.valid('param').id);
    return c.json(course, 200);
  });
}
