import {
  jsonContent,
  PageQuerySchema,
  problemResponses,
  requireIdentity,
  type ServiceApp,
} from '@edu/platform/http';
import { createRoute } from '@hono/zod-openapi';
import type { CoursesDeps } from '../../operations/deps.ts';
import { listMyCourses } from '../../operations/my-courses.ts';
import { MyCoursesPageSchema } from './schemas.ts';

const route = createRoute({
  method: 'get',
  path: '/api/v1/me/courses',
  tags: ['Courses'],
  summary: "The caller's courses with their progress",
  description:
    "Courses bought and not refunded (`access: purchase`), seats a partner gave the caller (`access: enrollment`), and with an active subscription every published course (`access: subscription`), newest first, each with the caller's progress.",
  request: { query: PageQuerySchema },
  responses: {
    200: jsonContent(MyCoursesPageSchema, 'A page of the caller’s courses'),
    ...problemResponses('validation_failed', 'unauthorized', [
      'unavailable',
      'The progress service is not answering; try again shortly',
    ]),
  },
});

export function registerListMyCourses(app: ServiceApp, deps: CoursesDeps) {
  app.openapi(route, async (c) => {
    const learner = requireIdentity(c);
    const page = await listMyCourses(deps, learner, {
      ...c.req.valid('query'),
      requestId: c.get('requestId'),
    });
    return c.json(page, 200);
  });
}
