import type { AppEnv } from '@edu/platform/http';
import { createRoute, type OpenAPIHono } from '@hono/zod-openapi';
import type { CourseService } from '../../course-service.ts';
import { CourseParams, CourseSchema, json, PROBLEMS } from '../schemas.ts';

const route = createRoute({
  method: 'get',
  path: '/api/v1/courses/{id}',
  tags: ['Courses'],
  summary: 'A course; drafts only for their owner and admins',
  request: { params: CourseParams },
  responses: {
    200: json(CourseSchema, 'The course'),
    400: PROBLEMS[400],
    404: PROBLEMS[404],
  },
});

export function registerGetCourse(app: OpenAPIHono<AppEnv>, service: CourseService) {
  app.openapi(route, async (c) => {
    const course = await service.get(c.get('identity'), c.req.valid('param').id);
    return c.json(course, 200);
  });
}
