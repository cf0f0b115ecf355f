import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { asCaller } from '@edu/platform/testing';
import {
  ADMIN,
  type CourseJson,
  call,
  createCourse,
  expectProblem,
  INSTRUCTOR,
  json,
  LEARNER,
  OTHER_INSTRUCTOR,
  publishedCourse,
  type Subject,
  startCourses,
} from './support.ts';

type Page = { items: CourseJson[]; nextCursor: string | null };
const PATH = '/api/v1/me/courses/authored';

describe('GET /api/v1/me/courses/authored (an instructor’s own courses, drafts included)', () => {
  let subject: Subject;
  let draft: CourseJson;
  let published: CourseJson;
  let secondDraft: CourseJson;
  beforeAll(async () => {
    subject = await startCourses();
    draft = await createCourse(subject.app, INSTRUCTOR, { title: 'First draft' });
    published = (await publishedCourse(subject.app, { title: 'Published one' })).course;
    secondDraft = await createCourse(subject.app, INSTRUCTOR, { title: 'Second draft' });
    await createCourse(subject.app, OTHER_INSTRUCTOR, { title: 'Someone else’s draft' });
    await publishedCourse(subject.app, { title: 'Someone else’s course' }, 1, OTHER_INSTRUCTOR);
  }, 30_000);
  afterAll(() => subject.close());

  test('lists only the caller’s courses, drafts and published, newest first', async () => {
    const page = await json<Page>(await call(subject.app, 'GET', PATH, INSTRUCTOR), 200);
    expect(page.items.map((course) => course.id)).toEqual([secondDraft.id, published.id, draft.id]);
    expect(page.items.map((course) => course.status)).toEqual(['draft', 'published', 'draft']);
    expect(page.nextCursor).toBeNull();
  });

  test('status narrows the list', async () => {
    const drafts = await json<Page>(await call(subject.app, 'GET', `${PATH}?status=draft`, INSTRUCTOR), 200);
    expect(drafts.items.map((course) => course.id)).toEqual([secondDraft.id, draft.id]);
    const live = await json<Page>(
      await call(subject.app, 'GET', `${PATH}?status=published`, INSTRUCTOR),
      200,
    );
    expect(live.items.map((course) => course.id)).toEqual([published.id]);
  });

  test('a cursor walks every course once', async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const query: string = cursor ? `&cursor=${encodeURIComponent(cursor)}` : '';
      const page: Page = await json<Page>(
        await call(subject.app, 'GET', `${PATH}?limit=2${query}`, INSTRUCTOR),
        200,
      );
      seen.push(...page.items.map((course) => course.id));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toEqual([secondDraft.id, published.id, draft.id]);
  });

  test('an admin sees only the courses they own here', async () => {
    const own = await createCourse(subject.app, ADMIN, { title: 'Admin draft' });
    const page = await json<Page>(await call(subject.app, 'GET', PATH, ADMIN), 200);
    expect(page.items.map((course) => course.id)).toEqual([own.id]);
  });

  test('learners get 403, anonymous callers 401, partner clients 403', async () => {
    await expectProblem(await call(subject.app, 'GET', PATH, LEARNER), 403);
    await expectProblem(await call(subject.app, 'GET', PATH, null), 401);
    const partner = await asCaller({
      sub: 'p1@clients',
      roles: [],
      kind: 'client',
      scopes: ['progress:read'],
    });
    await expectProblem(await subject.app.request(PATH, { headers: partner }), 403);
  });

  test('bad status, limit or cursor are 400 problems', async () => {
    for (const query of ['status=retired', 'limit=0', 'limit=101', 'cursor=not-ours']) {
      await expectProblem(await call(subject.app, 'GET', `${PATH}?${query}`, INSTRUCTOR), 400);
    }
  });

  test('does not shadow the learner’s list at /api/v1/me/courses', async () => {
    const response = await call(subject.app, 'GET', '/api/v1/me/courses', LEARNER);
    expect(response.status).not.toBe(404);
  });
});
