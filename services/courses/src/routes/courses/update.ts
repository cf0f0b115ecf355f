import {
  jsonBody,
  jsonContent,
  problemResponses,
  requireIdentity,
  type ServiceApp,
} from '@edu/platform/http';
import { createRoute } from '@hono/zod-openapi';
import { editCourse } from '../../operations/courses.ts';
import type { CoursesDeps } from '../../operations/deps.ts';
import { CourseChangesSchema, CourseParams, CourseSchema, NO_SUCH_COURSE } from '../schemas.ts';

const route = createRoute({
  method: 'patch',
  path: '/api/v1/courses/{id}',
  tags: ['Courses'],
  summary: "Change a course's title, description or price (owner or admin)",
  description:
    'Another instructor gets 404 for a draft (they cannot know it exists) and 403 for a published course.',
  request: { params: CourseParams, body: jsonBody(CourseChangesSchema) },
  responses: {
    200: jsonContent(CourseSchema, 'The changed course'),
    ...problemResponses('validation_failed', 'unauthorized', 'forbidden', NO_SUCH_COURSE),
  },
});

export function registerUpdateCourse(app: ServiceApp, deps: CoursesDeps) {
  app.openapi(route, async (c) => {
    const caller = requireIdentity(c);
    const course = await editCourse(
      deps,
      { caller, requestId: c.get('requestId') },
      c.req.valid('param').id,
      c.req.valid('json'),
    );
    return c.json(course, 200);
  });
}
