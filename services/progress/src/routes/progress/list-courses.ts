import type { AppEnv } from '@edu/platform/http';
import { requireIdentity } from '@edu/platform/http';
import { createRoute, type OpenAPIHono } from '@hono/zod-openapi';
import type { ProgressService } from '../../progress-service.ts';
import { CourseIdsQuery, CourseProgressListSchema, json, PROBLEMS } from '../schemas.ts';

const route = createRoute({
  method: 'get',
  path: '/api/v1/progress/courses',
  tags: ['Progress'],
  summary: "The caller's progress figures for several courses at once (feeds GET /api/v1/me/courses)",
  description:
    'One item per requested course id, in request order, duplicates removed; unknown courses count 0 of 0.',
  request: { query: CourseIdsQuery },
  responses: {
    200: json(CourseProgressListSchema, "The caller's progress per course"),
    400: PROBLEMS[400],
    401: PROBLEMS[401],
    403: PROBLEMS[403],
  },
});

export function registerListCourseProgress(app: OpenAPIHono<AppEnv>, service: ProgressService) {
  app.openapi(route, async (c) => {
    const caller = requireIdentity(c);
    const { courseIds } = c.req.valid('query');
    return c.json({ items: await service.progressForCourses(caller, courseIds) }, 200);
  });
}
