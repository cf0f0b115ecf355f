import type { AppEnv } from '@edu/platform/http';
import { requireIdentity } from '@edu/platform/http';
import { createRoute, type OpenAPIHono } from '@hono/zod-openapi';
import type { CourseService } from '../../course-service.ts';
import { LessonParams, PROBLEMS } from '../schemas.ts';

const route = createRoute({
  method: 'delete',
  path: '/api/v1/courses/{id}/lessons/{lessonId}',
  tags: ['Lessons'],
  summary: 'Delete a lesson (owner or admin); the others close up, positions stay 1..n',
  description: 'A published or archived course keeps at least one lesson: deleting its last one is a 409.',
  request: { params: LessonParams },
  responses: {
    204: { description: 'The lesson is gone' },
    400: PROBLEMS[400],
    401: PROBLEMS[401],
    403: PROBLEMS[403],
    404: PROBLEMS[404],
    409: PROBLEMS[409],
  },
});

export function registerRemoveLesson(app: OpenAPIHono<AppEnv>, service: CourseService) {
  app.openapi(route, async (c) => {
    const caller = requireIdentity(c);
    const { id, lessonId } = c.req.valid('param');
    await service.removeLesson({ caller, requestId: c.get('requestId') }, id, lessonId);
    return c.body(null, 204);
  });
}
