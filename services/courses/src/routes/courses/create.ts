import { jsonBody, jsonContent, problemResponses, requireRole, type ServiceApp } from '@edu/platform/http';
import { createRoute } from '@hono/zod-openapi';
import { createCourse } from '../../operations/courses.ts';
import type { CoursesDeps } from '../../operations/deps.ts';
import { CourseSchema, NewCourseSchema } from '../schemas.ts';

const route = createRoute({
  method: 'post',
  path: '/api/v1/courses',
  tags: ['Courses'],
  summary: 'Create a course (as a draft) owned by the calling instructor',
  request: { body: jsonBody(NewCourseSchema) },
  responses: {
    201: jsonContent(CourseSchema, 'The new draft course'),
    ...problemResponses('validation_failed', 'unauthorized', 'forbidden'),
  },
});

export function registerCreateCourse(app: ServiceApp, deps: CoursesDeps) {
  app.openapi(route, async (c) => {
    const caller = requireRole(c, 'instructor', 'admin');
    const course = await createCourse(deps, { caller, requestId: c.get('requestId') }, c.req.valid('json'));
    return c.json(course, 201);
  });
}
