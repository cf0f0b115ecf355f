import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
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
  type LessonJson,
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

const lessonsOf = async (courseId: string, who: Parameters<typeof call>[3] = INSTRUCTOR) =>
  (
    await json<{ items: LessonJson[] }>(
      await call(subject.app, 'GET', `/api/v1/courses/${courseId}/lessons`, who),
      200,
    )
  ).items;

describe('POST /api/v1/courses/{id}/lessons', () => {
  test('lessons are appended in order, counted on the course, and announced with LESSON_ADDED', async () => {
    const course = await createCourse(subject.app);
    const first = await addLesson(subject.app, course.id, INSTRUCTOR, {
      title: 'One',
      content: '# One',
      freePreview: true,
    });
    const second = await addLesson(subject.app, course.id, ADMIN, { title: 'Two' });
    expect(first).toMatchObject({
      courseId: course.id,
      title: 'One',
      position: 1,
      freePreview: true,
      content: '# One',
    });
    expect(second).toMatchObject({ position: 2, freePreview: false, durationSec: 60 });
    const read = await json<CourseJson>(
      await call(subject.app, 'GET', `/api/v1/courses/${course.id}`, INSTRUCTOR),
      200,
    );
    expect(read.lessonCount).toBe(2);
    const events = (await outboxEvents(subject, course.id)).filter((event) => event.type === 'LESSON_ADDED');
    expect(events.map((event) => event.envelope.data.lessonId)).toEqual([first.id, second.id]);
    expect(events[1]?.envelope.data).toMatchObject({
      courseId: course.id,
      lessonId: second.id,
      title: 'Two',
      position: 2,
    });
  });

  test('durationSec and freePreview default to 0 and false', async () => {
    const course = await createCourse(subject.app);
    const response = await call(subject.app, 'POST', `/api/v1/courses/${course.id}/lessons`, INSTRUCTOR, {
      title: 'Bare',
      content: 'text',
    });
    expect(await json<LessonJson>(response, 201)).toMatchObject({ durationSec: 0, freePreview: false });
  });

  test('concurrent appends get dense, unique positions', async () => {
    const course = await createCourse(subject.app);
    const added = await Promise.all(
      Array.from({ length: 8 }, (_, index) =>
        addLesson(subject.app, course.id, INSTRUCTOR, { title: `L${index}` }),
      ),
    );
    expect(added.map((lesson) => lesson.position).sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    const read = await json<CourseJson>(
      await call(subject.app, 'GET', `/api/v1/courses/${course.id}`, INSTRUCTOR),
      200,
    );
    expect(read.lessonCount).toBe(8);
  });

  test('invalid lessons are 400', async () => {
    const course = await createCourse(subject.app);
    const path = `/api/v1/courses/${course.id}/lessons`;
    for (const body of [
      { title: 'x' },
      { title: '', content: 'x' },
      { title: 'x', content: 'x', durationSec: -5 },
    ]) {
      await expectProblem(await call(subject.app, 'POST', path, INSTRUCTOR, body), 400);
    }
  });

  test('security: anonymous 401, another instructor 404 on a draft and 403 on a published course, learner 403', async () => {
    const draft = await createCourse(subject.app);
    const body = { title: 'x', content: 'x' };
    await expectProblem(
      await call(subject.app, 'POST', `/api/v1/courses/${draft.id}/lessons`, null, body),
      401,
    );
    await expectProblem(
      await call(subject.app, 'POST', `/api/v1/courses/${draft.id}/lessons`, OTHER_INSTRUCTOR, body),
      404,
    );
    const { course } = await publishedCourse(subject.app);
    await expectProblem(
      await call(subject.app, 'POST', `/api/v1/courses/${course.id}/lessons`, OTHER_INSTRUCTOR, body),
      403,
    );
    await expectProblem(
      await call(subject.app, 'POST', `/api/v1/courses/${course.id}/lessons`, LEARNER, body),
      403,
    );
    expect(await lessonsOf(course.id)).toHaveLength(2);
  });
});

describe('GET /api/v1/courses/{id}/lessons', () => {
  test('anyone lists the lessons of a published course in order, without content', async () => {
    const { course } = await publishedCourse(subject.app, {}, 3);
    const items = await lessonsOf(course.id, null);
    expect(items.map((lesson) => lesson.position)).toEqual([1, 2, 3]);
    for (const lesson of items) expect(lesson.content).toBeUndefined();
  });

  test("a draft's lessons are 404 for everyone but the owner and admins", async () => {
    const draft = await createCourse(subject.app);
    await addLesson(subject.app, draft.id);
    expect(await lessonsOf(draft.id, ADMIN)).toHaveLength(1);
    await expectProblem(
      await call(subject.app, 'GET', `/api/v1/courses/${draft.id}/lessons`, OTHER_INSTRUCTOR),
      404,
    );
    await expectProblem(await call(subject.app, 'GET', `/api/v1/courses/${draft.id}/lessons`, null), 404);
  });
});

describe('GET /api/v1/courses/{id}/lessons/{lessonId}', () => {
  test('a free preview is readable by anyone, with content', async () => {
    const { course, lessons } = await publishedCourse(subject.app);
    const preview = lessons[0];
    if (!preview) throw new Error('no lesson');
    const read = await json<LessonJson>(
      await call(subject.app, 'GET', `/api/v1/courses/${course.id}/lessons/${preview.id}`, null),
      200,
    );
    expect(read.content).toBe(preview.content);
  });

  test('a paid lesson: owner and admin read it; a learner without access 403; anonymous 401', async () => {
    const { course, lessons } = await publishedCourse(subject.app);
    const paid = lessons[1];
    if (!paid) throw new Error('no lesson');
    const path = `/api/v1/courses/${course.id}/lessons/${paid.id}`;
    expect(
      (await json<LessonJson>(await call(subject.app, 'GET', path, INSTRUCTOR), 200)).content,
    ).toBeDefined();
    expect((await json<LessonJson>(await call(subject.app, 'GET', path, ADMIN), 200)).content).toBeDefined();
    await expectProblem(await call(subject.app, 'GET', path, LEARNER), 403);
    await expectProblem(await call(subject.app, 'GET', path, OTHER_INSTRUCTOR), 403);
    await expectProblem(await call(subject.app, 'GET', path, null), 401);
  });

  test('a lesson of another course, or of a draft the caller cannot see, is 404', async () => {
    const { lessons } = await publishedCourse(subject.app);
    const other = await publishedCourse(subject.app);
    const lesson = lessons[0];
    if (!lesson) throw new Error('no lesson');
    await expectProblem(
      await call(subject.app, 'GET', `/api/v1/courses/${other.course.id}/lessons/${lesson.id}`, ADMIN),
      404,
    );
    const draft = await createCourse(subject.app);
    const hidden = await addLesson(subject.app, draft.id, INSTRUCTOR, { freePreview: true });
    await expectProblem(
      await call(subject.app, 'GET', `/api/v1/courses/${draft.id}/lessons/${hidden.id}`, LEARNER),
      404,
    );
  });
});

describe('PATCH /api/v1/courses/{id}/lessons/{lessonId} (update and move)', () => {
  test('moving a lesson keeps positions dense and unique', async () => {
    const course = await createCourse(subject.app);
    const added: LessonJson[] = [];
    for (const title of ['A', 'B', 'C', 'D'])
      added.push(await addLesson(subject.app, course.id, INSTRUCTOR, { title }));
    const [a, , , d] = added;
    if (!a || !d) throw new Error('no lessons');
    const move = (lessonId: string, position: number) =>
      call(subject.app, 'PATCH', `/api/v1/courses/${course.id}/lessons/${lessonId}`, INSTRUCTOR, {
        position,
      });

    const afterFirst = await json<{ items: LessonJson[] }>(await move(d.id, 1), 200);
    expect(afterFirst.items.map((lesson) => lesson.title)).toEqual(['D', 'A', 'B', 'C']);
    await json(await move(a.id, 99), 200);
    const titles = (await lessonsOf(course.id)).map((lesson) => `${lesson.position}${lesson.title}`);
    expect(titles).toEqual(['1D', '2B', '3C', '4A']);
  });

  test('concurrent moves leave a permutation of 1..n', async () => {
    const course = await createCourse(subject.app);
    const added: LessonJson[] = [];
    for (let index = 0; index < 6; index++) added.push(await addLesson(subject.app, course.id));
    await Promise.all(
      added.map((lesson, index) =>
        call(subject.app, 'PATCH', `/api/v1/courses/${course.id}/lessons/${lesson.id}`, INSTRUCTOR, {
          position: 6 - index,
        }),
      ),
    );
    const positions = (await lessonsOf(course.id)).map((lesson) => lesson.position);
    expect(positions).toEqual([1, 2, 3, 4, 5, 6]);
  });

  test('a title alone is a valid change: positions stay, LESSON_UPDATED names what changed', async () => {
    const { course, lessons } = await publishedCourse(subject.app);
    const [first, second] = lessons;
    if (!first || !second) throw new Error('no lessons');
    const path = `/api/v1/courses/${course.id}/lessons/${second.id}`;
    const { items } = await json<{ items: LessonJson[] }>(
      await call(subject.app, 'PATCH', path, INSTRUCTOR, { title: 'Renamed' }),
      200,
    );
    expect(items.map((lesson) => `${lesson.position}${lesson.title}`)).toEqual(['1Lesson 1', '2Renamed']);
    const events = (await outboxEvents(subject, course.id)).filter(
      (event) => event.type === 'LESSON_UPDATED',
    );
    expect(events.map((event) => event.envelope.data)).toEqual([
      {
        courseId: course.id,
        lessonId: second.id,
        title: 'Renamed',
        position: 2,
        durationSec: 60,
        freePreview: false,
        changed: ['title'],
        lessonIds: [first.id, second.id],
      },
    ]);
  });

  test('content, duration and preview change too; readers get the new content and the catalog is fresh', async () => {
    const { course, lessons } = await publishedCourse(subject.app);
    const lesson = lessons[1];
    if (!lesson) throw new Error('no lesson');
    const path = `/api/v1/courses/${course.id}/lessons/${lesson.id}`;
    // Read first, so a stale cached list would show.
    expect((await lessonsOf(course.id, null))[1]?.freePreview).toBe(false);
    await json(
      await call(subject.app, 'PATCH', path, ADMIN, {
        content: '# New body',
        durationSec: 90,
        freePreview: true,
      }),
      200,
    );
    const read = await json<LessonJson>(await call(subject.app, 'GET', path, null), 200);
    expect(read).toMatchObject({ content: '# New body', durationSec: 90, freePreview: true, position: 2 });
    expect((await lessonsOf(course.id, null))[1]).toMatchObject({ durationSec: 90, freePreview: true });
    const [event] = (await outboxEvents(subject, course.id)).filter((row) => row.type === 'LESSON_UPDATED');
    expect(event?.envelope.data.changed).toEqual(['content', 'durationSec', 'freePreview']);
    // The body travels in no event.
    expect(JSON.stringify(event?.envelope.data)).not.toContain('New body');
  });

  test('an empty change, or a field of the wrong type, is 400 and changes nothing', async () => {
    const course = await createCourse(subject.app);
    const lesson = await addLesson(subject.app, course.id, INSTRUCTOR, { title: 'Kept' });
    const path = `/api/v1/courses/${course.id}/lessons/${lesson.id}`;
    for (const body of [{}, { title: '' }, { content: 42 }, { freePreview: 'yes' }, { durationSec: -1 }]) {
      await expectProblem(await call(subject.app, 'PATCH', path, INSTRUCTOR, body), 400);
    }
    expect((await lessonsOf(course.id)).map((item) => item.title)).toEqual(['Kept']);
  });

  test('errors: unknown lesson 404, position 0 or not a number 400', async () => {
    const course = await createCourse(subject.app);
    const lesson = await addLesson(subject.app, course.id);
    const path = `/api/v1/courses/${course.id}/lessons`;
    await expectProblem(await call(subject.app, 'PATCH', `${path}/nope`, INSTRUCTOR, { position: 1 }), 404);
    await expectProblem(
      await call(subject.app, 'PATCH', `${path}/${lesson.id}`, INSTRUCTOR, { position: 0 }),
      400,
    );
    await expectProblem(
      await call(subject.app, 'PATCH', `${path}/${lesson.id}`, INSTRUCTOR, { position: 'top' }),
      400,
    );
  });

  test('security: anonymous 401, another instructor 404 (draft), learner 404 (draft)', async () => {
    const course = await createCourse(subject.app);
    const lesson = await addLesson(subject.app, course.id);
    const path = `/api/v1/courses/${course.id}/lessons/${lesson.id}`;
    await expectProblem(await call(subject.app, 'PATCH', path, null, { position: 1 }), 401);
    await expectProblem(await call(subject.app, 'PATCH', path, OTHER_INSTRUCTOR, { position: 1 }), 404);
    await expectProblem(await call(subject.app, 'PATCH', path, LEARNER, { position: 1 }), 404);
  });

  test('security on a published course: another instructor and a learner 403, nothing changes', async () => {
    const { course, lessons } = await publishedCourse(subject.app);
    const path = `/api/v1/courses/${course.id}/lessons/${lessons[0]?.id}`;
    for (const who of [OTHER_INSTRUCTOR, LEARNER]) {
      await expectProblem(await call(subject.app, 'PATCH', path, who, { title: 'Taken over' }), 403);
    }
    expect((await lessonsOf(course.id, null))[0]?.title).toBe('Lesson 1');
  });
});

describe('DELETE /api/v1/courses/{id}/lessons/{lessonId}', () => {
  const remove = (courseId: string, lessonId: string, who: Parameters<typeof call>[3] = INSTRUCTOR) =>
    call(subject.app, 'DELETE', `/api/v1/courses/${courseId}/lessons/${lessonId}`, who);

  test('deletes the lesson; the others close up to 1..n, the count follows and LESSON_REMOVED is published', async () => {
    const course = await createCourse(subject.app);
    const added: LessonJson[] = [];
    for (const title of ['A', 'B', 'C'])
      added.push(await addLesson(subject.app, course.id, INSTRUCTOR, { title }));
    const [a, b, c] = added;
    if (!a || !b || !c) throw new Error('no lessons');
    const response = await remove(course.id, b.id);
    expect(response.status).toBe(204);
    expect(await response.text()).toBe('');
    expect((await lessonsOf(course.id)).map((lesson) => `${lesson.position}${lesson.title}`)).toEqual([
      '1A',
      '2C',
    ]);
    const read = await json<CourseJson>(
      await call(subject.app, 'GET', `/api/v1/courses/${course.id}`, ADMIN),
      200,
    );
    expect(read.lessonCount).toBe(2);
    await expectProblem(
      await call(subject.app, 'GET', `/api/v1/courses/${course.id}/lessons/${b.id}`, INSTRUCTOR),
      404,
    );
    const events = (await outboxEvents(subject, course.id)).filter(
      (event) => event.type === 'LESSON_REMOVED',
    );
    expect(events.map((event) => event.envelope.data)).toEqual([
      { courseId: course.id, lessonId: b.id, lessonCount: 2, lessonIds: [a.id, c.id] },
    ]);
    // A lesson added afterwards goes at the end of the closed-up list.
    expect((await addLesson(subject.app, course.id, INSTRUCTOR, { title: 'D' })).position).toBe(3);
  });

  test('a published course keeps its last lesson (409); a draft may lose it', async () => {
    const { course, lessons } = await publishedCourse(subject.app, {}, 2);
    const [first, second] = lessons;
    if (!first || !second) throw new Error('no lessons');
    expect((await remove(course.id, first.id)).status).toBe(204);
    await expectProblem(await remove(course.id, second.id), 409);
    expect(await lessonsOf(course.id, null)).toHaveLength(1);

    const draft = await createCourse(subject.app);
    const only = await addLesson(subject.app, draft.id);
    expect((await remove(draft.id, only.id)).status).toBe(204);
    expect(await lessonsOf(draft.id)).toEqual([]);
  });

  test('errors: unknown lesson or course 404, a lesson of another course 404', async () => {
    const course = await createCourse(subject.app);
    const other = await createCourse(subject.app);
    const lesson = await addLesson(subject.app, other.id);
    await expectProblem(await remove(course.id, 'nope'), 404);
    await expectProblem(await remove('nope', lesson.id), 404);
    await expectProblem(await remove(course.id, lesson.id), 404);
    expect(await lessonsOf(other.id)).toHaveLength(1);
  });

  test('security: anonymous 401; others 404 on a draft and 403 on a published course; an admin may', async () => {
    const draft = await createCourse(subject.app);
    const hidden = await addLesson(subject.app, draft.id);
    await expectProblem(await remove(draft.id, hidden.id, null), 401);
    await expectProblem(await remove(draft.id, hidden.id, OTHER_INSTRUCTOR), 404);
    await expectProblem(await remove(draft.id, hidden.id, LEARNER), 404);
    const { course, lessons } = await publishedCourse(subject.app, {}, 2);
    const lessonId = lessons[0]?.id ?? '';
    await expectProblem(await remove(course.id, lessonId, OTHER_INSTRUCTOR), 403);
    await expectProblem(await remove(course.id, lessonId, LEARNER), 403);
    expect(await lessonsOf(course.id, null)).toHaveLength(2);
    expect((await remove(course.id, lessonId, ADMIN)).status).toBe(204);
  });
});
