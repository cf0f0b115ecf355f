/**
 * The REAL courses service for the payments tests: a fresh courses app on its own test
 * database, with the fixture courses created, given lessons and published through its API
 * as an instructor would. Payments reads prices from it through its binding, as in production.
 */

import { coursesModule } from '@edu/courses-service';
import { inProcessBinding, type ServiceBinding } from '@edu/platform';
import { asCaller, type ModuleUnderTest, startModuleUnderTest } from '@edu/platform/testing';

interface FixtureCourse {
  /** Filled in when the courses service has created the course. */
  id: string;
  title: string;
  status: 'published' | 'draft' | 'archived';
  priceCents: number;
  currency: string;
}

export const COURSES: Record<
  'typescript' | 'postgres' | 'yen' | 'fils' | 'free' | 'draft' | 'archived',
  FixtureCourse
> = {
  typescript: {
    id: '',
    title: 'TypeScript in depth',
    status: 'published',
    priceCents: 4900,
    currency: 'USD',
  },
  postgres: {
    id: '',
    title: 'PostgreSQL for builders',
    status: 'published',
    priceCents: 12_345,
    currency: 'EUR',
  },
  // A zero-decimal currency: 1000 is ¥1,000 (ISO 4217 minor unit 0), and Stripe charges 1000.
  yen: { id: '', title: 'Kanji for coders', status: 'published', priceCents: 1000, currency: 'JPY' },
  // Three decimals: 1005 is KWD 1.005, which card networks (and so Stripe) cannot charge.
  fils: { id: '', title: 'Gulf bookkeeping', status: 'published', priceCents: 1005, currency: 'KWD' },
  free: { id: '', title: 'Welcome tour', status: 'published', priceCents: 0, currency: 'USD' },
  draft: { id: '', title: 'Unfinished course', status: 'draft', priceCents: 1000, currency: 'USD' },
  archived: { id: '', title: 'Retired course', status: 'archived', priceCents: 1000, currency: 'USD' },
};

const instructor = { sub: 'instructor-1', roles: ['user' as const, 'instructor' as const] };

type Courses = ModuleUnderTest<unknown>;

async function send(app: Courses['app'], path: string, body?: unknown): Promise<{ id: string }> {
  const response = await app.request(path, {
    method: 'POST',
    headers: { ...(await asCaller(instructor)), 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  if (!response.ok)
    throw new Error(`courses fixture: ${path} answered ${response.status} ${await response.text()}`);
  return (await response.json()) as { id: string };
}

/** Starts the courses service, creates the fixture courses in it and records their ids in COURSES. */
export async function startCoursesWithFixtures(): Promise<{
  binding: ServiceBinding;
  courses: Courses;
}> {
  const courses = await startModuleUnderTest(coursesModule);
  for (const fixture of Object.values(COURSES)) {
    const { title, priceCents, currency } = fixture;
    const course = await send(courses.app, '/api/v1/courses', {
      title,
      description: `About ${title}`,
      priceCents,
      currency,
    });
    fixture.id = course.id;
    await send(courses.app, `/api/v1/courses/${course.id}/lessons`, {
      title: 'Lesson 1',
      content: '# Lesson 1',
    });
    if (fixture.status !== 'draft') await send(courses.app, `/api/v1/courses/${course.id}/publish`);
    if (fixture.status === 'archived') await send(courses.app, `/api/v1/courses/${course.id}/archive`);
  }
  return { binding: inProcessBinding(courses.app), courses };
}
