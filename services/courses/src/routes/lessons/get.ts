import { jsonContent, problemResponses, type ServiceApp } from '@edu/platform/http';
import { createRoute } from '@hono/zod-openapi';
import type { CoursesDeps } from '../../operations/deps.ts';
import { readLesson } from '../../operations/lessons.ts';
import { LessonParams, LessonSchema, NO_SUCH_COURSE } from '../schemas.ts';

const route = createRoute({
  method: 'get',
  path: '/api/v1/courses/{id}/lessons/{lessonId}',
  tags: ['Lessons'],
  summary: 'A lesson with its content: for entitled users, the owner and admins; anyone for a free preview',
  description:
    'Anonymous callers get 401 (signing in may be all they need); signed-in callers without access get 403.',
  request: { params: LessonParams },
  responses: {
    200: jsonContent(LessonSchema, 'The lesson with its content'),
    ...problemResponses('validation_failed', 'unauthorized', 'forbidden', NO_SUCH_COURSE),
  },
});

export function registerGetLesson(app: ServiceApp, deps: CoursesDeps) {
  app.openapi(route, async (c) => {
    const { id, lessonId } = c.req.valid('param');
    return c.json(await readLesson(deps, c.get('identity'), id, lessonId), 200);
  });
}
