import { jsonContent, problemResponses, requireIdentity, type ServiceApp } from '@edu/platform/http';
import { createRoute } from '@hono/zod-openapi';
import { listCourseProgress } from '../../operations/course-progress.ts';
import type { ProgressDeps } from '../../operations/deps.ts';
import { CourseIdsQuery, CourseProgressListSchema } from './schemas.ts';

const route = createRoute({
  method: 'get',
  path: '/api/v1/progress/courses',
  tags: ['Progress'],
  summary: "The caller's progress figures for several courses at once (feeds GET /api/v1/me/courses)",
  description:
    'One item per requested course id, in request order, duplicates removed; unknown courses count 0 of 0.',
  request: { query: CourseIdsQuery },
  responses: {
    200: jsonContent(CourseProgressListSchema, "The caller's progress per course"),
    ...problemResponses('validation_failed', 'unauthorized', [
      'forbidden',
      'Not a learner (a partner client)',
    ]),
  },
});

export function registerListCourseProgress(app: ServiceApp, deps: ProgressDeps) {
  app.openapi(route, async (c) => {
    const caller = requireIdentity(c);
    const { courseIds } = c.req.valid('query');
    return c.json({ items: await listCourseProgress(deps, caller, courseIds) }, 200);
  });
}
