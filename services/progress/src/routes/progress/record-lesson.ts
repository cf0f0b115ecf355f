import type { AppEnv } from '@edu/platform/http';
import { requireIdentity } from '@edu/platform/http';
import { createRoute, type OpenAPIHono } from '@hono/zod-openapi';
import type { ProgressService } from '../../progress-service.ts';
import { json, LessonParams, LessonProgressSchema, PROBLEMS, RecordLessonSchema } from '../schemas.ts';

const route = createRoute({
  method: 'post',
  path: '/api/v1/progress/lessons/{lessonId}',
  tags: ['Progress'],
  summary: "Record the caller's progress in a lesson (completed by default); idempotent",
  description:
    'For learners entitled to the course, its instructor and admins. Completing the last lesson completes the course once and issues a certificate.',
  request: {
    params: LessonParams,
    // The body is optional: no body means "completed".
    body: { required: false, content: { 'application/json': { schema: RecordLessonSchema } } },
  },
  responses: {
    200: json(LessonProgressSchema, 'The lesson progress as recorded'),
    400: PROBLEMS[400],
    401: PROBLEMS[401],
    403: PROBLEMS[403],
    404: PROBLEMS[404],
  },
});

export function registerRecordLesson(app: OpenAPIHono<AppEnv>, service: ProgressService) {
  app.openapi(route, async (c) => {
    const caller = requireIdentity(c);
    const { lessonId } = c.req.valid('param');
    const body: { status?: 'viewed' | 'completed' } = c.req.valid('json') ?? {};
    const result = await service.recordLesson(
      { caller, requestId: c.get('requestId') },
      lessonId,
      body.status ?? 'completed',
    );
    return c.json(result, 200);
  });
}
