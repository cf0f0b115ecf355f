/**
 * The progress service alone on PostgreSQL, for bench/progress.ts: migrates a fresh database,
 * announces one course, its lessons and every bench learner's access through the real inbox
 * path, then serves the app. Settings: DATABASE_URL, PORT, INTERNAL_IDENTITY_SECRET,
 * BENCH_USERS, BENCH_LESSONS, BENCH_POOL.
 */
import { newId, SERVICE_NAMES, type ServiceName } from '@edu/contracts';
import { createLogger, loadModuleSettings, type ServiceBinding, unavailableBinding } from '@edu/platform';
import { createMemoryCache } from '@edu/platform/cache';
import { openPostgres } from '@edu/platform/db/postgres';
import { handleEventOnce } from '@edu/platform/events';
import { progressModule } from '@edu/progress-service';

const url = process.env.DATABASE_URL;
const secret = process.env.INTERNAL_IDENTITY_SECRET;
if (!url || !secret) throw new Error('DATABASE_URL and INTERNAL_IDENTITY_SECRET are required');
const users = Number(process.env.BENCH_USERS ?? 1000);
const lessons = Number(process.env.BENCH_LESSONS ?? 5);
const courseId = 'bench-course';

const database = openPostgres(url, { maxConnections: Number(process.env.BENCH_POOL ?? 20) });
await database.migrate({
  migrationsFolder: progressModule.migrations.folder,
  service: progressModule.migrations.schema,
});
const logger = createLogger({ level: 'warn' });
const deps = {
  db: database.db,
  cache: createMemoryCache(),
  logger,
  identitySecret: secret,
  services: Object.fromEntries(SERVICE_NAMES.map((name) => [name, unavailableBinding(name)])) as Record<
    ServiceName,
    ServiceBinding
  >,
  settings: loadModuleSettings(progressModule, { PUBLIC_URL: 'http://localhost:8787' }),
};
const [consumer] = progressModule.consumers?.(deps) ?? [];
if (!consumer) throw new Error('the progress module consumes nothing');
const deliver = (type: Parameters<typeof handleEventOnce>[2]['type'], data: Record<string, unknown>) =>
  handleEventOnce(
    database.db,
    consumer,
    {
      id: newId(),
      type,
      data,
      metadata: { timestamp: new Date().toISOString(), correlationId: 'bench', source: 'bench' },
    },
    logger,
  );
const course = { courseId, instructorId: 'bench-instructor', title: 'Bench course', status: 'published' };
await deliver('COURSE_PUBLISHED', { ...course, priceCents: 0, currency: 'EUR', lessonCount: lessons });
for (let position = 1; position <= lessons; position++) {
  await deliver('LESSON_ADDED', {
    courseId,
    lessonId: `bench-lesson-${position}`,
    title: `L${position}`,
    position,
  });
}
for (let user = 0; user < users; user++) {
  await deliver('USER_CREATED', {
    userId: `bench-user-${user}`,
    email: `u${user}@bench.test`,
    name: `User ${user}`,
    locale: 'en',
    roles: ['user'],
  });
  await deliver('COURSE_ACCESS_GRANTED', { userId: `bench-user-${user}`, courseId, reason: 'purchase' });
}

const app = await progressModule.createApp(deps);
const server = Bun.serve({
  port: Number(process.env.PORT ?? 18790),
  hostname: '127.0.0.1',
  fetch: (request) => app.fetch(request),
});
console.error(`[progress-server] ${users} learners, ${lessons} lessons, listening on ${server.port}`);
process.on('SIGTERM', async () => {
  await server.stop();
  await database.close();
  process.exit(0);
});
