/**
 * STAND-IN FOR THE COURSES SERVICE, until services/courses is merged into main.
 * It serves API.md's Course JSON for a few fixed courses on GET /api/v1/courses/{id}, with the
 * real service's answers: 404 problem+json for unknown courses and for drafts (callers without
 * rights cannot know a draft exists). At merge time, replace it with the real courses app.
 */
import { inProcessBinding, type ServiceBinding } from '@edu/platform';
import { Hono } from 'hono';

export const COURSES = {
  typescript: {
    id: 'course-ts',
    title: 'TypeScript in depth',
    status: 'published',
    priceCents: 4900,
    currency: 'USD',
  },
  postgres: {
    id: 'course-pg',
    title: 'PostgreSQL for builders',
    status: 'published',
    priceCents: 12_345,
    currency: 'EUR',
  },
  free: { id: 'course-free', title: 'Welcome tour', status: 'published', priceCents: 0, currency: 'USD' },
  draft: {
    id: 'course-draft',
    title: 'Unfinished course',
    status: 'draft',
    priceCents: 1000,
    currency: 'USD',
  },
} as const;

function courseJson(course: (typeof COURSES)[keyof typeof COURSES]) {
  return {
    ...course,
    description: `About ${course.title}`,
    instructorId: 'instructor-1',
    lessonCount: 3,
    createdAt: '2026-01-01T00:00:00.000Z',
    updatedAt: '2026-01-02T00:00:00.000Z',
  };
}

export function coursesStandIn(): ServiceBinding {
  const app = new Hono();
  app.get('/api/v1/courses/:id', (c) => {
    const course = Object.values(COURSES).find((candidate) => candidate.id === c.req.param('id'));
    if (course?.status !== 'published') {
      return c.json(
        { type: '/docs/problems#not-found', title: 'Not Found', status: 404, detail: 'No such course' },
        404,
        { 'content-type': 'application/problem+json' },
      );
    }
    return c.json(courseJson(course), 200);
  });
  return inProcessBinding(app);
}
