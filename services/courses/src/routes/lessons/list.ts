import { jsonContent, problemResponses, type ServiceApp } from '@edu/platform/http';
import { createRoute } from '@hono/zod-openapi';
import type { CoursesDeps } from '../../operations/deps.ts';
import { listCourseLessons } from '../../operations/lessons.ts';
import { CourseParams, LessonListSchema, NO_SUCH_COURSE } from '../schemas.ts';

const route = createRoute({
  method: 'get',
  path: '/api/v1/courses/{id}/lessons',
  tags: ['Lessons'],
  summary: 'The lessons of a course in order, without their content',
  request: { params: CourseParams },
  responses: {
    200: jsonContent(LessonListSchema, 'The lessons, ordered by position'),
    ...problemResponses('validation_failed', NO_SUCH_COURSE),
  },
});

export function registerListLessons(app: ServiceApp, deps: CoursesDeps) {
  app.openapi(route, async (c) => {
    const items = await listCourseLessons(deps, c.get('identity'), c.req.valid('param').id);
    return c.json({ items }, 200);
  });
}
