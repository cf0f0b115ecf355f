import { jsonContent, problemResponses, requireRole, type ServiceApp } from '@edu/platform/http';
import { createRoute } from '@hono/zod-openapi';
import type { CoursesDeps } from '../../operations/deps.ts';
import { listAuthoredCoursesOf } from '../../operations/my-courses.ts';
import { CoursePageSchema } from '../schemas.ts';
import { AuthoredCoursesQuerySchema } from './schemas.ts';

const route = createRoute({
  method: 'get',
  path: '/api/v1/me/courses/authored',
  tags: ['Courses'],
  summary: "The caller's own courses as their instructor, drafts included (instructor, admin)",
  description:
    'Every course the caller owns, in any status, newest first: what an instructor studio lists. Admins see only the courses they own here; the public catalog (`GET /api/v1/courses`) lists published courses only.',
  request: { query: AuthoredCoursesQuerySchema },
  responses: {
    200: jsonContent(CoursePageSchema, 'A page of the caller’s own courses'),
    ...problemResponses('validation_failed', 'unauthorized', 'forbidden'),
  },
});

export function registerListAuthoredCourses(app: ServiceApp, deps: CoursesDeps) {
  app.openapi(route, async (c) => {
    const instructor = requireRole(c, 'instructor', 'admin');
    return c.json(await listAuthoredCoursesOf(deps, instructor.sub, c.req.valid('query')), 200);
  });
}
