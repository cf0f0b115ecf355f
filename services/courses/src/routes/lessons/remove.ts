import { problemResponses, requireIdentity, type ServiceApp } from '@edu/platform/http';
import { createRoute } from '@hono/zod-openapi';
import type { CoursesDeps } from '../../operations/deps.ts';
import { removeLesson } from '../../operations/lessons.ts';
import { LessonParams, NO_SUCH_COURSE, WRONG_COURSE_STATE } from '../schemas.ts';

const route = createRoute({
  method: 'delete',
  path: '/api/v1/courses/{id}/lessons/{lessonId}',
  tags: ['Lessons'],
  summary: 'Delete a lesson (owner or admin); the others close up, positions stay 1..n',
  description: 'A published or archived course keeps at least one lesson: deleting its last one is a 409.',
  request: { params: LessonParams },
  responses: {
    204: { description: 'The lesson is gone' },
    ...problemResponses('validation_failed', 'unauthorized', 'forbidden', NO_SUCH_COURSE, WRONG_COURSE_STATE),
  },
});

export function registerRemoveLesson(app: ServiceApp, deps: CoursesDeps) {
  app.openapi(route, async (c) => {
    const caller = requireIdentity(c);
    const { id, lessonId } = c.req.valid('param');
    await removeLesson(deps, { caller, requestId: c.get('requestId') }, id, lessonId);
    return c.body(null, 204);
  });
}
