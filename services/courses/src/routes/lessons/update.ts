import type { AppEnv } from '@edu/platform/http';
import { requireIdentity } from '@edu/platform/http';
import { createRoute, type OpenAPIHono } from '@hono/zod-openapi';
import type { CourseService } from '../../course-service.ts';
import { json, jsonBody, LessonChangesSchema, LessonListSchema, LessonParams, PROBLEMS } from '../schemas.ts';

const route = createRoute({
  method: 'patch',
  path: '/api/v1/courses/{id}/lessons/{lessonId}',
  tags: ['Lessons'],
  summary: "Change a lesson's title, content, duration, preview flag or position (owner or admin)",
  description:
    'Give at least one field. A new position moves the lesson there (past the end: to the end) and the others close up around it.',
  request: { params: LessonParams, body: jsonBody(LessonChangesSchema) },
  responses: {
    200: json(LessonListSchema, 'All lessons of the course in their (new) order'),
    400: PROBLEMS[400],
    401: PROBLEMS[401],
    403: PROBLEMS[403],
    404: PROBLEMS[404],
  },
});

export function registerUpdateLesson(app: OpenAPIHono<AppEnv>, service: CourseService) {
  app.openapi(route, async (c) => {
    const caller = requireIdentity(c);
    const { id, lessonId } = c.req.valid('param');
    const items = await service.updateLesson(
      { caller, requestId: c.get('requestId') },
      id,
      lessonId,
      c.req.valid('json'),
    );
    return c.json({ items }, 200);
  });
}
