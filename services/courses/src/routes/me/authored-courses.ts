import { WITHOUT_NUL } from '@edu/contracts';
import type { Database } from '@edu/platform/db';
import { type AppEnv, AppError, PageLimitSchema, requireRole, toPage } from '@edu/platform/http';
import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import { listAuthoredCourses } from '../../db/authored-courses.ts';
import { toCourse } from '../../db/courses.ts';
import { decodeCursor, encodeCursor } from '../../domain/cursor.ts';
import { CoursePageSchema, CourseSchema, json, PROBLEMS } from '../schemas.ts';

const AuthoredCoursesQuery = z.object({
  status: CourseSchema.shape.status
    .optional()
    .openapi({ description: 'Only the courses in this status; all of them when absent' }),
  limit: PageLimitSchema,
  cursor: z.string().max(512).regex(WITHOUT_NUL, 'must not contain NUL characters').optional(),
});

const route = createRoute({
  method: 'get',
  path: '/api/v1/me/courses/authored',
  tags: ['Courses'],
  summary: "The caller's own courses as their instructor, drafts included (instructor, admin)",
  description:
    'Every course the caller owns, in any status, newest first: what an instructor studio lists. Admins see only the courses they own here; the public catalog (`GET /api/v1/courses`) lists published courses only.',
  request: { query: AuthoredCoursesQuery },
  responses: {
    200: json(CoursePageSchema, 'A page of the caller’s own courses'),
    400: PROBLEMS[400],
    401: PROBLEMS[401],
    403: PROBLEMS[403],
  },
});

export function registerAuthoredCourses(app: OpenAPIHono<AppEnv>, deps: { db: Database }) {
  app.openapi(route, async (c) => {
    const caller = requireRole(c, 'instructor', 'admin');
    const { limit, cursor, status } = c.req.valid('query');
    const after = cursor === undefined ? undefined : decodeCursor(cursor);
    if (after === null) {
      throw new AppError('bad_request', 'The cursor is not one this API returned', {
        errors: [{ path: 'cursor', message: 'invalid cursor' }],
      });
    }
    const rows = await listAuthoredCourses(deps.db, caller.sub, {
      limit: limit + 1,
      status,
      beforeId: after?.id,
    });
    const page = toPage(rows, limit, (row) => encodeCursor({ id: row.id }));
    return c.json({ items: page.items.map(toCourse), nextCursor: page.nextCursor }, 200);
  });
}
