import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { asCaller } from '@edu/platform/testing';
import {
  ADMIN,
  addLesson,
  type CourseJson,
  call,
  createCourse,
  expectProblem,
  INSTRUCTOR,
  json,
  LEARNER,
  OTHER_INSTRUCTOR,
  outboxEvents,
  publishedCourse,
  type Subject,
  startCourses,
} from './support.ts';

let subject: Subject;
// Starting PGlite and migrating can take seconds on a busy machine.
beforeAll(async () => {
  subject = await startCourses();
}, 30_000);
afterAll(() => subject.close());

describe('POST /api/v1/courses', () => {
  test('an instructor creates a draft they own, and COURSE_CREATED is in the outbox with the request id', async () => {
    const response = await call(
      subject.app,
      'POST',
      '/api/v1/courses',
      INSTRUCTOR,
      {
        title: 'Rust for web developers',
        description: 'Ownership explained',
        priceCents: 2900,
        currency: 'USD',
        extra: 1,
      },
      { 'X-Request-Id': 'req-create-1' },
    );
    const course = await json<CourseJson>(response, 201);
    expect(course).toMatchObject({
      title: 'Rust for web developers',
      status: 'draft',
      priceCents: 2900,
      currency: 'USD',
      instructorId: INSTRUCTOR.sub,
      lessonCount: 0,
    });
    expect(Date.parse(course.createdAt)).not.toBeNaN();
    const events = await outboxEvents(subject, course.id);
    expect(events.map((event) => event.type)).toEqual(['COURSE_CREATED']);
    expect(events[0]?.envelope.metadata.correlationId).toBe('req-create-1');
    // The course event data of the contract: flat course fields, keyed by course id.
    expect(events[0]?.key).toBe(course.id);
    expect(events[0]?.envelope.data).toMatchObject({
      courseId: course.id,
      instructorId: INSTRUCTOR.sub,
      title: 'Rust for web developers',
      status: 'draft',
      priceCents: 2900,
      currency: 'USD',
      lessonCount: 0,
    });
  });

  test('an admin may create courses too', async () => {
    const course = await createCourse(subject.app, ADMIN);
    expect(course.instructorId).toBe(ADMIN.sub);
  });

  test('invalid bodies are 400 problems listing the fields', async () => {
    const cases: unknown[] = [
      { title: '', description: 'x', priceCents: 100, currency: 'EUR' },
      { title: 'x', description: 'x', priceCents: -1, currency: 'EUR' },
      { title: 'x', description: 'x', priceCents: 10.5, currency: 'EUR' },
      { title: 'x', description: 'x', priceCents: '100', currency: 'EUR' },
      { title: 'x', description: 'x', priceCents: 100, currency: 'eur' },
      { title: 'x', description: 'x', priceCents: 100, currency: 'XYZ' },
      { title: 'x', description: 'x', priceCents: 100 },
    ];
    for (const body of cases) {
      const problem = (await expectProblem(
        await call(subject.app, 'POST', '/api/v1/courses', INSTRUCTOR, body),
        400,
      )) as {
        errors?: unknown[];
      };
      expect(problem.errors?.length).toBeGreaterThan(0);
    }
  });

  test('malformed JSON is a 400 problem', async () => {
    const response = await subject.app.request('/api/v1/courses', {
      method: 'POST',
      headers: {
        ...(await asCaller({ sub: INSTRUCTOR.sub, roles: [...INSTRUCTOR.roles] })),
        'content-type': 'application/json',
      },
      body: '{"title":',
    });
    await expectProblem(response, 400);
  });

  test('security: anonymous is 401, a learner is 403, a forged identity is anonymous', async () => {
    const body = { title: 'x', description: 'x', priceCents: 1, currency: 'EUR' };
    await expectProblem(await call(subject.app, 'POST', '/api/v1/courses', null, body), 401);
    await expectProblem(await call(subject.app, 'POST', '/api/v1/courses', LEARNER, body), 403);
    const forged = await subject.app.request('/api/v1/courses', {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-edu-identity': btoa(JSON.stringify({ kind: 'user', sub: 'x', roles: ['admin'], exp: 9999999999 })),
        'x-edu-identity-signature': 'bogus',
      },
      body: JSON.stringify(body),
    });
    await expectProblem(forged, 401);
  });
});

describe('GET /api/v1/courses/{id}', () => {
  test('a published course is visible to anyone; a draft only to its owner and admins', async () => {
    const draft = await createCourse(subject.app);
    expect((await call(subject.app, 'GET', `/api/v1/courses/${draft.id}`, INSTRUCTOR)).status).toBe(200);
    expect((await call(subject.app, 'GET', `/api/v1/courses/${draft.id}`, ADMIN)).status).toBe(200);
    await expectProblem(await call(subject.app, 'GET', `/api/v1/courses/${draft.id}`, OTHER_INSTRUCTOR), 404);
    await expectProblem(await call(subject.app, 'GET', `/api/v1/courses/${draft.id}`, LEARNER), 404);
    await expectProblem(await call(subject.app, 'GET', `/api/v1/courses/${draft.id}`, null), 404);

    await addLesson(subject.app, draft.id);
    await json(await call(subject.app, 'POST', `/api/v1/courses/${draft.id}/publish`, INSTRUCTOR), 200);
    const seen = await json<CourseJson>(
      await call(subject.app, 'GET', `/api/v1/courses/${draft.id}`, null),
      200,
    );
    expect(seen).toMatchObject({ id: draft.id, status: 'published', lessonCount: 1 });
  });

  test('an unknown id is 404, an overlong id is 400', async () => {
    await expectProblem(await call(subject.app, 'GET', '/api/v1/courses/does-not-exist', null), 404);
    await expectProblem(await call(subject.app, 'GET', `/api/v1/courses/${'x'.repeat(65)}`, null), 400);
  });
});

describe('PATCH /api/v1/courses/{id}', () => {
  test('the owner changes fields; the next read is fresh; COURSE_UPDATED is published', async () => {
    const course = await createCourse(subject.app);
    const before = await json<CourseJson>(
      await call(subject.app, 'GET', `/api/v1/courses/${course.id}`, INSTRUCTOR),
      200,
    );
    const changed = await json<CourseJson>(
      await call(subject.app, 'PATCH', `/api/v1/courses/${course.id}`, INSTRUCTOR, {
        title: 'Renamed',
        priceCents: 0,
      }),
      200,
    );
    expect(changed).toMatchObject({ title: 'Renamed', priceCents: 0, description: before.description });
    const after = await json<CourseJson>(
      await call(subject.app, 'GET', `/api/v1/courses/${course.id}`, INSTRUCTOR),
      200,
    );
    expect(after.title).toBe('Renamed');
    expect(Date.parse(after.updatedAt)).toBeGreaterThanOrEqual(Date.parse(before.updatedAt));
    const types = (await outboxEvents(subject, course.id)).map((event) => event.type);
    expect(types).toEqual(['COURSE_CREATED', 'COURSE_UPDATED']);
  });

  test('an admin may change any course', async () => {
    const course = await createCourse(subject.app);
    const changed = await json<CourseJson>(
      await call(subject.app, 'PATCH', `/api/v1/courses/${course.id}`, ADMIN, { currency: 'GBP' }),
      200,
    );
    expect(changed.currency).toBe('GBP');
  });

  test('an empty or invalid change is 400', async () => {
    const course = await createCourse(subject.app);
    await expectProblem(
      await call(subject.app, 'PATCH', `/api/v1/courses/${course.id}`, INSTRUCTOR, {}),
      400,
    );
    await expectProblem(
      await call(subject.app, 'PATCH', `/api/v1/courses/${course.id}`, INSTRUCTOR, { priceCents: 'free' }),
      400,
    );
  });

  test('security: anonymous 401; another instructor gets 404 for a draft and 403 for a published course', async () => {
    const draft = await createCourse(subject.app);
    const path = `/api/v1/courses/${draft.id}`;
    await expectProblem(await call(subject.app, 'PATCH', path, null, { title: 'x' }), 401);
    await expectProblem(await call(subject.app, 'PATCH', path, OTHER_INSTRUCTOR, { title: 'x' }), 404);
    await expectProblem(await call(subject.app, 'PATCH', path, LEARNER, { title: 'x' }), 404);
    await addLesson(subject.app, draft.id);
    await json(await call(subject.app, 'POST', `${path}/publish`, INSTRUCTOR), 200);
    await expectProblem(await call(subject.app, 'PATCH', path, OTHER_INSTRUCTOR, { title: 'x' }), 403);
    const unchanged = await json<CourseJson>(await call(subject.app, 'GET', path, null), 200);
    expect(unchanged.title).toBe(draft.title);
  });
});

describe('POST /api/v1/courses/{id}/publish', () => {
  test('a course without lessons cannot be published (409)', async () => {
    const course = await createCourse(subject.app);
    await expectProblem(
      await call(subject.app, 'POST', `/api/v1/courses/${course.id}/publish`, INSTRUCTOR),
      409,
    );
  });

  test('publishing emits COURSE_PUBLISHED once; publishing again is a no-op 200', async () => {
    const course = await createCourse(subject.app);
    await addLesson(subject.app, course.id);
    const first = await json<CourseJson>(
      await call(subject.app, 'POST', `/api/v1/courses/${course.id}/publish`, INSTRUCTOR),
      200,
    );
    expect(first.status).toBe('published');
    await json(await call(subject.app, 'POST', `/api/v1/courses/${course.id}/publish`, ADMIN), 200);
    const published = (await outboxEvents(subject, course.id)).filter(
      (event) => event.type === 'COURSE_PUBLISHED',
    );
    expect(published).toHaveLength(1);
    expect(published[0]?.envelope.data).toMatchObject({
      courseId: course.id,
      status: 'published',
      lessonCount: 1,
    });
  });

  test('security: anonymous 401, another instructor 404 on a draft, unknown course 404', async () => {
    const course = await createCourse(subject.app);
    await addLesson(subject.app, course.id);
    const path = `/api/v1/courses/${course.id}/publish`;
    await expectProblem(await call(subject.app, 'POST', path, null), 401);
    await expectProblem(await call(subject.app, 'POST', path, OTHER_INSTRUCTOR), 404);
    await expectProblem(await call(subject.app, 'POST', '/api/v1/courses/nope/publish', INSTRUCTOR), 404);
    const still = await json<CourseJson>(
      await call(subject.app, 'GET', `/api/v1/courses/${course.id}`, INSTRUCTOR),
      200,
    );
    expect(still.status).toBe('draft');
  });
});

describe('POST /api/v1/courses/{id}/unpublish and /archive', () => {
  const post = (
    courseId: string,
    verb: 'publish' | 'unpublish' | 'archive',
    who: Parameters<typeof call>[3],
  ) => call(subject.app, 'POST', `/api/v1/courses/${courseId}/${verb}`, who);
  const catalogIds = async (query = '') =>
    (
      await json<{ items: CourseJson[] }>(
        await call(subject.app, 'GET', `/api/v1/courses?limit=100${query}`, null),
        200,
      )
    ).items.map((course) => course.id);

  test('unpublishing takes a course back to draft: out of the catalog, hidden from others, COURSE_UNPUBLISHED once', async () => {
    const { course } = await publishedCourse(subject.app, { title: 'Unpublishable zebra' });
    // Read first, so stale cached reads would show.
    expect(await catalogIds()).toContain(course.id);
    expect(await catalogIds('&q=zebra')).toContain(course.id);
    const draft = await json<CourseJson>(await post(course.id, 'unpublish', INSTRUCTOR), 200);
    expect(draft.status).toBe('draft');
    expect(await catalogIds()).not.toContain(course.id);
    expect(await catalogIds('&q=zebra')).not.toContain(course.id);
    await expectProblem(await call(subject.app, 'GET', `/api/v1/courses/${course.id}`, LEARNER), 404);
    await json(await post(course.id, 'unpublish', ADMIN), 200);
    const events = (await outboxEvents(subject, course.id)).filter(
      (event) => event.type === 'COURSE_UNPUBLISHED',
    );
    expect(events.map((event) => event.envelope.data)).toEqual([
      expect.objectContaining({ courseId: course.id, status: 'draft', lessonCount: 2 }),
    ]);
    // Publishing again brings it back.
    await json(await post(course.id, 'publish', INSTRUCTOR), 200);
    expect(await catalogIds()).toContain(course.id);
  });

  test('archiving takes a course out of the catalog and search but keeps it readable by id; COURSE_ARCHIVED once', async () => {
    const { course } = await publishedCourse(subject.app, { title: 'Archivable quokka' });
    expect(await catalogIds('&q=quokka')).toContain(course.id);
    const archived = await json<CourseJson>(await post(course.id, 'archive', INSTRUCTOR), 200);
    expect(archived.status).toBe('archived');
    expect(await catalogIds()).not.toContain(course.id);
    expect(await catalogIds('&q=quokka')).not.toContain(course.id);
    expect(await catalogIds(`&instructorId=${INSTRUCTOR.sub}`)).not.toContain(course.id);
    const read = await json<CourseJson>(
      await call(subject.app, 'GET', `/api/v1/courses/${course.id}`, null),
      200,
    );
    expect(read.status).toBe('archived');
    await json(await post(course.id, 'archive', ADMIN), 200);
    const events = (await outboxEvents(subject, course.id)).filter(
      (event) => event.type === 'COURSE_ARCHIVED',
    );
    expect(events.map((event) => event.envelope.data)).toEqual([
      expect.objectContaining({ courseId: course.id, status: 'archived' }),
    ]);
    // Publishing an archived course puts it back in the catalog.
    expect((await json<CourseJson>(await post(course.id, 'publish', INSTRUCTOR), 200)).status).toBe(
      'published',
    );
    expect(await catalogIds()).toContain(course.id);
  });

  test('security: anonymous 401; others 404 on a draft and 403 on a published course; unknown 404', async () => {
    const draft = await createCourse(subject.app);
    const { course } = await publishedCourse(subject.app);
    for (const verb of ['unpublish', 'archive'] as const) {
      await expectProblem(await post(course.id, verb, null), 401);
      await expectProblem(await post(draft.id, verb, OTHER_INSTRUCTOR), 404);
      await expectProblem(await post(draft.id, verb, LEARNER), 404);
      await expectProblem(await post(course.id, verb, OTHER_INSTRUCTOR), 403);
      await expectProblem(await post(course.id, verb, LEARNER), 403);
      await expectProblem(await post('nope', verb, INSTRUCTOR), 404);
    }
    const still = await json<CourseJson>(
      await call(subject.app, 'GET', `/api/v1/courses/${course.id}`, null),
      200,
    );
    expect(still.status).toBe('published');
  });
});
