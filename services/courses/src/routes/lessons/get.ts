import type { AppEnv } from '@edu/platform/http';
import { createRoute, type OpenAPIHono } from '@hono/zod-openapi';
import type { CourseService } from '../../course-service.ts';
import { json, LessonParams, LessonSchema, PROBLEMS } from '../schemas.ts';

const route = createRoute({
  method: 'get',
  path: '/api/v1/courses/{id}/lessons/{lessonId}',
  tags: ['Lessons'],
  summary: 'A lesson with its content: for entitled users, the owner and admins; anyone for a free preview',
  description:
    'Anonymous callers get 401 (signing in may be all they need); signed-in callers without access get 403.',
  request: { params: LessonParams },
  responses: {
    200: json(LessonSchema, 'The lesson with its content'),
    400: PROBLEMS[400],
    401: PROBLEMS[401],
    403: PROBLEMS[403],
    404: PROBLEMS[404],
  },
});

export function registerGetLesson(app: OpenAPIHono<AppEnv>, service: CourseService) {
  app.openapi(route, async (c) => {
    const { id, lessonId } = c.req.valid('param');
    const lesson = await service.getLesson(c.get('identity'), id, lessonId);
    return c.json(lesson, 200);
  });
}
