import {
  idParams,
  jsonContent,
  problemResponses,
  requireIdentity,
  type ServiceApp,
} from '@edu/platform/http';
import { createRoute } from '@hono/zod-openapi';
import { getCourseProgress } from '../../operations/course-progress.ts';
import type { ProgressDeps } from '../../operations/deps.ts';
import { CourseProgressSchema } from './schemas.ts';

const route = createRoute({
  method: 'get',
  path: '/api/v1/progress/courses/{courseId}',
  tags: ['Progress'],
  summary: "The caller's progress in one course, with each lesson's status and where to resume",
  request: { params: idParams('courseId') },
  responses: {
    200: jsonContent(CourseProgressSchema, "The caller's progress"),
    ...problemResponses(
      'validation_failed',
      'unauthorized',
      ['forbidden', 'Not a learner (a partner client)'],
      ['not_found', 'No such course, or a draft the caller may not see'],
    ),
  },
});

export function registerGetCourseProgress(app: ServiceApp, deps: ProgressDeps) {
  app.openapi(route, async (c) => {
    const caller = requireIdentity(c);
    const { courseId } = c.req.valid('param');
    return c.json(await getCourseProgress(deps, caller, courseId), 200);
  });
}
