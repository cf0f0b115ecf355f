import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { createServer } from 'node:net';
import type { Cache } from '@edu/platform/cache';
import { createRedisCache } from '@edu/platform/cache/redis';
import { sql } from 'drizzle-orm';
import {
  addLesson,
  type CourseJson,
  call,
  INSTRUCTOR,
  json,
  type LessonJson,
  publishedCourse,
  type Subject,
  startCourses,
} from './support.ts';

const REDIS_URL = process.env.TEST_REDIS_URL;

/** Keeps this suite's keys apart from anything else using the shared test Redis. */
function namespaced(cache: Cache, prefix: string): Cache {
  return {
    ...cache,
    get: (key) => cache.get(prefix + key),
    set: (key, value, ttl) => cache.set(prefix + key, value, ttl),
    delete: (...keys) => cache.delete(...keys.map((key) => prefix + key)),
    increment: (key, ttl) => cache.increment(prefix + key, ttl),
    ttl: (key) => cache.ttl(prefix + key),
  };
}

const getCourse = async (subject: Subject, id: string) =>
  json<CourseJson>(await call(subject.app, 'GET', `/api/v1/courses/${id}`, null), 200);
const catalog = async (subject: Subject, query = '') =>
  json<{ items: CourseJson[] }>(await call(subject.app, 'GET', `/api/v1/courses${query}`, null), 200);
const lessonTitles = async (subject: Subject, id: string) =>
  (
    await json<{ items: LessonJson[] }>(
      await call(subject.app, 'GET', `/api/v1/courses/${id}/lessons`, null),
      200,
    )
  ).items.map((lesson) => lesson.title);

/** Every change must be visible on the very next read, whatever cache sits in front. */
function describeFreshReads(name: string, open: () => Promise<Subject>) {
  describe(`${name}: reads after a change are fresh`, () => {
    let subject: Subject;
    beforeAll(async () => {
      subject = await open();
    }, 30_000);
    afterAll(() => subject.close());

    test('course, catalog and search reflect an update at once', async () => {
      const { course } = await publishedCourse(subject.app, { title: 'Observability with OpenTelemetry' });
      expect((await getCourse(subject, course.id)).title).toBe('Observability with OpenTelemetry');
      expect((await catalog(subject)).items[0]?.title).toBe('Observability with OpenTelemetry');
      expect((await catalog(subject, '?q=opentelemetry')).items).toHaveLength(1);

      await json(
        await call(subject.app, 'PATCH', `/api/v1/courses/${course.id}`, INSTRUCTOR, {
          title: 'Tracing in depth',
        }),
        200,
      );
      expect((await getCourse(subject, course.id)).title).toBe('Tracing in depth');
      expect((await catalog(subject)).items[0]?.title).toBe('Tracing in depth');
      expect((await catalog(subject, '?q=opentelemetry')).items).toHaveLength(0);
      expect((await catalog(subject, '?q=tracing')).items).toHaveLength(1);
    });

    test('lesson list and lesson count reflect added and moved lessons at once', async () => {
      const { course } = await publishedCourse(subject.app, {}, 1);
      expect(await lessonTitles(subject, course.id)).toEqual(['Lesson 1']);
      const added = await addLesson(subject.app, course.id, INSTRUCTOR, { title: 'Lesson 2' });
      expect(await lessonTitles(subject, course.id)).toEqual(['Lesson 1', 'Lesson 2']);
      expect((await getCourse(subject, course.id)).lessonCount).toBe(2);
      await json(
        await call(subject.app, 'PATCH', `/api/v1/courses/${course.id}/lessons/${added.id}`, INSTRUCTOR, {
          position: 1,
        }),
        200,
      );
      expect(await lessonTitles(subject, course.id)).toEqual(['Lesson 2', 'Lesson 1']);
    });

    test('a newly published course appears in the cached catalog at once', async () => {
      const before = (await catalog(subject)).items.length;
      await publishedCourse(subject.app);
      expect((await catalog(subject)).items.length).toBe(before + 1);
    });

    test('reads are served from the cache (a change behind its back is not seen until invalidation)', async () => {
      const { course } = await publishedCourse(subject.app, { title: 'Cached title' });
      await getCourse(subject, course.id);
      await subject.database.db.execute(
        sql`update courses.courses set title = 'Changed behind the back' where id = ${course.id}`,
      );
      expect((await getCourse(subject, course.id)).title).toBe('Cached title');
      await json(
        await call(subject.app, 'PATCH', `/api/v1/courses/${course.id}`, INSTRUCTOR, { priceCents: 1 }),
        200,
      );
      expect((await getCourse(subject, course.id)).title).toBe('Changed behind the back');
    });
  });
}

describeFreshReads('memory cache', () => startCourses());

describe.skipIf(!REDIS_URL)('with Redis', () => {
  const clients: Cache[] = [];
  afterAll(async () => {
    for (const client of clients) await client.close();
  });

  describeFreshReads('shared Redis', async () => {
    const redis = await createRedisCache(REDIS_URL ?? '');
    clients.push(redis);
    return startCourses({ cache: namespaced(redis, `test-${crypto.randomUUID()}:`) });
  });
});

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}

/** Connects once our redis-server accepts connections (createRedisCache needs a live server). */
async function connectWhenUp(url: string): Promise<Cache> {
  for (let attempt = 0; attempt < 50; attempt++) {
    try {
      return await createRedisCache(url);
    } catch {
      await Bun.sleep(100);
    }
  }
  throw new Error('our redis-server did not start');
}

describe.skipIf(!REDIS_URL)('when Redis goes away', () => {
  // Our own redis-server: stopping the shared one would break every other suite.
  let server: ReturnType<typeof Bun.spawn>;
  let cache: Cache;
  let subject: Subject;

  beforeAll(async () => {
    const port = String(await freePort());
    server = Bun.spawn(
      ['redis-server', '--port', port, '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
      {
        stdout: 'ignore',
        stderr: 'ignore',
      },
    );
    cache = await connectWhenUp(`redis://127.0.0.1:${port}`);
    subject = await startCourses({ cache });
  }, 30_000);
  afterAll(async () => {
    server.kill();
    await cache.close();
    await subject.close();
  });

  test('reads and writes still succeed from the database, and stay fresh', async () => {
    const { course, lessons } = await publishedCourse(subject.app, { title: 'Resilience engineering' });
    expect((await getCourse(subject, course.id)).title).toBe('Resilience engineering');
    expect((await catalog(subject)).items).toHaveLength(1);

    server.kill();
    await server.exited;
    expect(await cache.ping()).toBe(false);

    expect((await getCourse(subject, course.id)).title).toBe('Resilience engineering');
    expect((await catalog(subject, '?q=resilience')).items).toHaveLength(1);
    expect(await lessonTitles(subject, course.id)).toEqual(lessons.map((lesson) => lesson.title));
    await json(
      await call(subject.app, 'PATCH', `/api/v1/courses/${course.id}`, INSTRUCTOR, {
        title: 'Chaos engineering',
      }),
      200,
    );
    expect((await getCourse(subject, course.id)).title).toBe('Chaos engineering');
    expect((await catalog(subject)).items[0]?.title).toBe('Chaos engineering');
  });
});
