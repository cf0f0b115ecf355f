import type { AppEnv } from '@edu/platform/http';
import { requireIdentity } from '@edu/platform/http';
import { createRoute, type OpenAPIHono } from '@hono/zod-openapi';
import type { CourseService } from '../../course-service.ts';
import { CourseChangesSchema, CourseParams, CourseSchema, json, jsonBody, PROBLEMS } from '../schemas.ts';

const route = createRoute({
  method: 'patch',
  path: '/api/v1/courses/{id}',
  tags: ['Courses'],
  summary: "Change a course's title, description or price (owner or admin)",
  description:
    'Another instructor gets 404 for a draft (they cannot know it exists) and 403 for a published course.',
  request: { params: CourseParams, body: jsonBody(CourseChangesSchema) },
  responses: {
    200: json(CourseSchema, 'The changed course'),
    400: PROBLEMS[400],
    401: PROBLEMS[401],
    403: PROBLEMS[403],
    404: PROBLEMS[404],
  },
});

export function registerUpdateCourse(app: OpenAPIHono<AppEnv>, service: CourseService) {
  app.openapi(route, async (c) => {
    const caller = requireIdentity(c);
    const course = await service.update(
      { caller, requestId: c.get('requestId') },
      c.req.valid('param').id,
      c.req.valid('json'),
    );
    return c.json(course, 200);
  });
}
