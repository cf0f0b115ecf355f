import type { AppEnv } from '@edu/platform/http';
import { requireIdentity } from '@edu/platform/http';
import { createRoute, type OpenAPIHono } from '@hono/zod-openapi';
import type { ProgressService } from '../../progress-service.ts';
import { CourseParams, CourseProgressSchema, json, PROBLEMS } from '../schemas.ts';

const route = createRoute({
  method: 'get',
  path: '/api/v1/progress/courses/{courseId}',
  tags: ['Progress'],
  summary: "The caller's progress in one course, with each lesson's status and where to resume",
  request: { params: CourseParams },
  responses: {
    200: json(CourseProgressSchema, "The caller's progress"),
    400: PROBLEMS[400],
    401: PROBLEMS[401],
    403: PROBLEMS[403],
    404: PROBLEMS[404],
  },
});

export function registerGetCourseProgress(app: OpenAPIHono<AppEnv>, service: ProgressService) {
  app.openapi(route, async (c) => {
    const caller = requireIdentity(c);
    const { courseId } = c.req.valid('param');
    return c.json(await service.courseProgress(caller, courseId), 200);
  });
}
