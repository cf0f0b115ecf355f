import { WITHOUT_NUL } from '@edu/contracts';
import type { ServiceBinding } from '@edu/platform';
import type { Database } from '@edu/platform/db';
import {
  type AppEnv,
  AppError,
  IDENTITY_HEADER,
  IDENTITY_SIGNATURE_HEADER,
  PageLimitSchema,
  requireIdentity,
} from '@edu/platform/http';
import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import { toCourse } from '../../db/courses.ts';
import { listAccessibleCourses } from '../../db/my-courses.ts';
import { decodeCursor, encodeCursor } from '../../domain/cursor.ts';
import { fetchProgress } from '../../progress-client.ts';
import { CourseSchema, json, PROBLEMS } from '../schemas.ts';

const MyCoursesQuery = z.object({
  limit: PageLimitSchema,
  cursor: z.string().max(512).regex(WITHOUT_NUL, 'must not contain NUL characters').optional(),
});

const MyCourseSchema = z
  .object({
    course: CourseSchema,
    access: z.enum(['purchase', 'enrollment', 'subscription']),
    progress: z.object({
      completedLessons: z.number().int(),
      totalLessons: z.number().int(),
      percent: z.number().int().min(0).max(100),
    }),
  })
  .openapi('MyCourse');

const MyCoursesPageSchema = z
  .object({ items: z.array(MyCourseSchema), nextCursor: z.string().nullable() })
  .openapi('MyCoursesPage');

const route = createRoute({
  method: 'get',
  path: '/api/v1/me/courses',
  tags: ['Courses'],
  summary: "The caller's courses with their progress",
  description:
    "Courses bought and not refunded (`access: purchase`), seats a partner gave the caller (`access: enrollment`), and with an active subscription every published course (`access: subscription`), newest first, each with the caller's progress.",
  request: { query: MyCoursesQuery },
  responses: {
    200: json(MyCoursesPageSchema, 'A page of the caller’s courses'),
    400: PROBLEMS[400],
    401: PROBLEMS[401],
    503: { ...PROBLEMS[400], description: 'Progress is unavailable' },
  },
});

export function registerMyCourses(
  app: OpenAPIHono<AppEnv>,
  deps: { db: Database; progress: ServiceBinding },
) {
  app.openapi(route, async (c) => {
    const caller = requireIdentity(c);
    const { limit, cursor } = c.req.valid('query');
    const after = cursor ? decodeCursor(cursor) : undefined;
    if (cursor && !after) throw new AppError('bad_request', 'The cursor is not one this API returned');
    const rows = await listAccessibleCourses(deps.db, caller.sub, { limit: limit + 1, afterId: after?.id });
    const page = rows.slice(0, limit);
    const identityHeaders = {
      [IDENTITY_HEADER]: c.req.header(IDENTITY_HEADER) ?? '',
      [IDENTITY_SIGNATURE_HEADER]: c.req.header(IDENTITY_SIGNATURE_HEADER) ?? '',
    };
    const progress = await fetchProgress(
      deps.progress,
      identityHeaders,
      page.map((row) => row.course.id),
      c.get('requestId'),
    );
    const items = page.map(({ course, access }) => {
      const completedLessons = progress.get(course.id)?.completedLessons ?? 0;
      // Progress learns lessons from events and may lag a moment; the course's own count is the truth.
      const totalLessons = Math.max(progress.get(course.id)?.totalLessons ?? 0, course.lessonCount);
      const percent = totalLessons === 0 ? 0 : Math.floor((completedLessons * 100) / totalLessons);
      return { course: toCourse(course), access, progress: { completedLessons, totalLessons, percent } };
    });
    const last = page.at(-1);
    const nextCursor = rows.length > limit && last ? encodeCursor({ id: last.course.id }) : null;
    return c.json({ items, nextCursor }, 200);
  });
}
