import type { AppEnv } from '@edu/platform/http';
import { createRoute, type OpenAPIHono } from '@hono/zod-openapi';
import type { CourseService } from '../../course-service.ts';
import { CourseParams, json, LessonListSchema, PROBLEMS } from '../schemas.ts';

const route = createRoute({
  method: 'get',
  path: '/api/v1/courses/{id}/lessons',
  tags: ['Lessons'],
  summary: 'The lessons of a course in order, without their content',
  request: { params: CourseParams },
  responses: {
    200: json(LessonListSchema, 'The lessons, ordered by position'),
    400: PROBLEMS[400],
    404: PROBLEMS[404],
  },
});

export function registerListLessons(app: OpenAPIHono<AppEnv>, service: CourseService) {
  app.openapi(route, async (c) => {
    const items = await service.listLessons(c.get('identity'), c.req.valid('param').id);
    return c.json({ items }, 200);
  });
}
