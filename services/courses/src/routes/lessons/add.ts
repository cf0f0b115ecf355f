import {
  jsonBody,
  jsonContent,
  problemResponses,
  requireIdentity,
  type ServiceApp,
} from '@edu/platform/http';
import { createRoute } from '@hono/zod-openapi';
import type { CoursesDeps } from '../../operations/deps.ts';
import { addLesson } from '../../operations/lessons.ts';
import { CourseParams, LessonSchema, NewLessonSchema, NO_SUCH_COURSE } from '../schemas.ts';

const route = createRoute({
  method: 'post',
  path: '/api/v1/courses/{id}/lessons',
  tags: ['Lessons'],
  summary: 'Append a lesson to a course (owner or admin)',
  request: { params: CourseParams, body: jsonBody(NewLessonSchema) },
  responses: {
    201: jsonContent(LessonSchema, 'The new lesson, with its content'),
    ...problemResponses('validation_failed', 'unauthorized', 'forbidden', NO_SUCH_COURSE),
  },
});

export function registerAddLesson(app: ServiceApp, deps: CoursesDeps) {
  app.openapi(route, async (c) => {
    const caller = requireIdentity(c);
    const lesson = await addLesson(
      deps,
      { caller, requestId: c.get('requestId') },
      c.req.valid('param').id,
      c.req.valid('json'),
    );
    return c.json(lesson, 201);
  });
}
