import type { AppEnv } from '@edu/platform/http';
import { requireIdentity } from '@edu/platform/http';
import { createRoute, type OpenAPIHono } from '@hono/zod-openapi';
import type { CourseService } from '../../course-service.ts';
import { CourseParams, CourseSchema, json, PROBLEMS } from '../schemas.ts';

const route = createRoute({
  method: 'post',
  path: '/api/v1/courses/{id}/unpublish',
  tags: ['Courses'],
  summary:
    'Take a course back to draft (owner or admin): out of the catalog, seen only by its owner and admins',
  description:
    'Learners lose it with the rest of the catalog until it is published again; to retire a course learners own, archive it instead. Unpublishing a draft answers 200 and changes nothing.',
  request: { params: CourseParams },
  responses: {
    200: json(CourseSchema, 'The course, now a draft'),
    400: PROBLEMS[400],
    401: PROBLEMS[401],
    403: PROBLEMS[403],
    404: PROBLEMS[404],
  },
});

export function registerUnpublishCourse(app: OpenAPIHono<AppEnv>, service: CourseService) {
  app.openapi(route, async (c) => {
    const caller = requireIdentity(c);
    const course = await service.unpublish(
      { caller, requestId: c.get('requestId') },
      c.req.valid('param').id,
    );
    return c.json(course, 200);
  });
}
