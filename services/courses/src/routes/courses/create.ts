import type { AppEnv } from '@edu/platform/http';
import { requireRole } from '@edu/platform/http';
import { createRoute, type OpenAPIHono } from '@hono/zod-openapi';
import type { CourseService } from '../../course-service.ts';
import { CourseSchema, json, jsonBody, NewCourseSchema, PROBLEMS } from '../schemas.ts';

const route = createRoute({
  method: 'post',
  path: '/api/v1/courses',
  tags: ['Courses'],
  summary: 'Create a course (as a draft) owned by the calling instructor',
  request: { body: jsonBody(NewCourseSchema) },
  responses: {
    201: json(CourseSchema, 'The new draft course'),
    400: PROBLEMS[400],
    401: PROBLEMS[401],
    403: PROBLEMS[403],
  },
});

export function registerCreateCourse(app: OpenAPIHono<AppEnv>, service: CourseService) {
  app.openapi(route, async (c) => {
    const caller = requireRole(c, 'instructor', 'admin');
    const course = await service.create({ caller, requestId: c.get('requestId') }, c.req.valid('json'));
    return c.json(course, 201);
  });
}
