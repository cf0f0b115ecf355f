import type { AppEnv } from '@edu/platform/http';
import { requireIdentity } from '@edu/platform/http';
import { createRoute, type OpenAPIHono } from '@hono/zod-openapi';
import type { CourseService } from '../../course-service.ts';
import { json, jsonBody, LessonListSchema, LessonMoveSchema, LessonParams, PROBLEMS } from '../schemas.ts';

const route = createRoute({
  method: 'patch',
  path: '/api/v1/courses/{id}/lessons/{lessonId}',
  tags: ['Lessons'],
  summary: 'Move a lesson to another position (owner or admin); the others close up around it',
  description: 'A position past the end moves the lesson to the end.',
  request: { params: LessonParams, body: jsonBody(LessonMoveSchema) },
  responses: {
    200: json(LessonListSchema, 'All lessons of the course in their new order'),
    400: PROBLEMS[400],
    401: PROBLEMS[401],
    403: PROBLEMS[403],
    404: PROBLEMS[404],
  },
});

export function registerMoveLesson(app: OpenAPIHono<AppEnv>, service: CourseService) {
  app.openapi(route, async (c) => {
    const caller = requireIdentity(c);
    const { id, lessonId } = c.req.valid('param');
    const items = await service.moveLesson(
      { caller, requestId: c.get('requestId') },
      id,
      lessonId,
      c.req.valid('json').position,
    );
    return c.json({ items }, 200);
  });
}
