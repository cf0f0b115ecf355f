import {
  jsonBody,
  jsonContent,
  problemResponses,
  requireIdentity,
  type ServiceApp,
} from '@edu/platform/http';
import { createRoute } from '@hono/zod-openapi';
import type { CoursesDeps } from '../../operations/deps.ts';
import { editLesson } from '../../operations/lessons.ts';
import { LessonChangesSchema, LessonListSchema, LessonParams, NO_SUCH_COURSE } from '../schemas.ts';

const route = createRoute({
  method: 'patch',
  path: '/api/v1/courses/{id}/lessons/{lessonId}',
  tags: ['Lessons'],
  summary: "Change a lesson's title, content, duration, preview flag or position (owner or admin)",
  description:
    'Give at least one field. A new position moves the lesson there (past the end: to the end) and the others close up around it.',
  request: { params: LessonParams, body: jsonBody(LessonChangesSchema) },
  responses: {
    200: jsonContent(LessonListSchema, 'All lessons of the course in their (new) order'),
    ...problemResponses('validation_failed', 'unauthorized', 'forbidden', NO_SUCH_COURSE),
  },
});

export function registerUpdateLesson(app: ServiceApp, deps: CoursesDeps) {
  app.openapi(route, async (c) => {
    const caller = requireIdentity(c);
    const { id, lessonId } = c.req.valid('param');
    const items = await editLesson(
      deps,
      { caller, requestId: c.get('requestId') },
      id,
      lessonId,
      c.req.valid('json'),
    );
    return c.json({ items }, 200);
  });
}
