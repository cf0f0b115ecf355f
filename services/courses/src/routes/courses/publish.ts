import type { AppEnv } from '@edu/platform/http';
import { requireIdentity } from '@edu/platform/http';
import { createRoute, type OpenAPIHono } from '@hono/zod-openapi';
import type { CourseService } from '../../course-service.ts';
import { CourseParams, CourseSchema, json, PROBLEMS } from '../schemas.ts';

const route = createRoute({
  method: 'post',
  path: '/api/v1/courses/{id}/publish',
  tags: ['Courses'],
  summary: 'Publish a course (owner or admin); it needs at least one lesson',
  description: 'Publishing an already published course answers 200 and changes nothing.',
  request: { params: CourseParams },
  responses: {
    200: json(CourseSchema, 'The published course'),
    400: PROBLEMS[400],
    401: PROBLEMS[401],
    403: PROBLEMS[403],
    404: PROBLEMS[404],
    409: PROBLEMS[409],
  },
});

export function registerPublishCourse(app: OpenAPIHono<AppEnv>, service: CourseService) {
  app.openapi(route, async (c) => {
    const caller = requireIdentity(c);
    const course = await service.publish({ caller, requestId: c.get('requestId') }, c.req.valid('param').id);
    return c.json(course, 200);
  });
}
