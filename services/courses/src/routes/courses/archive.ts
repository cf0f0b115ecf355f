import type { AppEnv } from '@edu/platform/http';
import { requireIdentity } from '@edu/platform/http';
import { createRoute, type OpenAPIHono } from '@hono/zod-openapi';
import type { CourseService } from '../../course-service.ts';
import { CourseParams, CourseSchema, json, PROBLEMS } from '../schemas.ts';

const route = createRoute({
  method: 'post',
  path: '/api/v1/courses/{id}/archive',
  tags: ['Courses'],
  summary: 'Archive a course (owner or admin): out of the catalog and search, no longer for sale',
  description:
    'Learners who own it (bought it, or hold a seat) keep its lessons and see it in /api/v1/me/courses. Publishing it again puts it back in the catalog; archiving it twice answers 200 and changes nothing.',
  request: { params: CourseParams },
  responses: {
    200: json(CourseSchema, 'The archived course'),
    400: PROBLEMS[400],
    401: PROBLEMS[401],
    403: PROBLEMS[403],
    404: PROBLEMS[404],
  },
});

export function registerArchiveCourse(app: OpenAPIHono<AppEnv>, service: CourseService) {
  app.openapi(route, async (c) => {
    const caller = requireIdentity(c);
    const course = await service.archive({ caller, requestId: c.get('requestId') }, c.req.valid('param').id);
    return c.json(course, 200);
  });
}
