import {
  idParams,
  jsonContent,
  problemResponses,
  requireIdentity,
  type ServiceApp,
} from '@edu/platform/http';
import { createRoute } from '@hono/zod-openapi';
import type { ProgressDeps } from '../../operations/deps.ts';
import { recordLesson } from '../../operations/record-lesson.ts';
import { LessonProgressSchema, RecordLessonSchema } from './schemas.ts';

const route = createRoute({
  method: 'post',
  path: '/api/v1/progress/lessons/{lessonId}',
  tags: ['Progress'],
  summary: "Record the caller's progress in a lesson (completed by default); idempotent",
  description:
    'For learners entitled to the course, its instructor and admins. Completing the last lesson completes the course once and issues a certificate.',
  request: {
    params: idParams('lessonId'),
    // The body is optional: no body means "completed".
    body: { required: false, content: { 'application/json': { schema: RecordLessonSchema } } },
  },
  responses: {
    200: jsonContent(LessonProgressSchema, 'The lesson progress as recorded'),
    ...problemResponses(
      'validation_failed',
      'unauthorized',
      ['forbidden', 'Not entitled to the course, or not a learner (a partner client)'],
      ['not_found', 'No such lesson'],
    ),
  },
});

export function registerRecordLesson(app: ServiceApp, deps: ProgressDeps) {
  app.openapi(route, async (c) => {
    const caller = requireIdentity(c);
    const { lessonId } = c.req.valid('param');
    const body: { status?: 'viewed' | 'completed' } = c.req.valid('json') ?? {};
    const result = await recordLesson(
      deps,
      { caller, requestId: c.get('requestId') },
      lessonId,
      body.status ?? 'completed',
    );
    return c.json(result, 200);
  });
}
