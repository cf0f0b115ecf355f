import type { AppEnv } from '@edu/platform/http';
import { requireIdentity } from '@edu/platform/http';
import { createRoute, type OpenAPIHono } from '@hono/zod-openapi';
import type { CourseService } from '../../course-service.ts';
import { CourseParams, json, jsonBody, LessonSchema, NewLessonSchema, PROBLEMS } from '../schemas.ts';

const route = createRoute({
  method: 'post',
  path: '/api/v1/courses/{id}/lessons',
  tags: ['Lessons'],
  summary: 'Append a lesson to a course (owner or admin)',
  request: { params: CourseParams, body: jsonBody(NewLessonSchema) },
  responses: {
    201: json(LessonSchema, 'The new lesson, with its content'),
    400: PROBLEMS[400],
    401: PROBLEMS[401],
    403: PROBLEMS[403],
    404: PROBLEMS[404],
  },
});

export function registerAddLesson(app: OpenAPIHono<AppEnv>, service: CourseService) {
  app.openapi(route, async (c) => {
    const caller = requireIdentity(c);
    const lesson = await service.addLesson(
      { caller, requestId: c.get('requestId') },
      c.req.valid('param').id,
      c.req.valid('json'),
    );
    return c.json(lesson, 201);
  });
}
