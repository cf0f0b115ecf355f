import { expect } from 'bun:test';
import { type EventEnvelope, type EventType, newId } from '@edu/contracts';
import { loadModuleSettings } from '@edu/platform';
import { queryRows } from '@edu/platform/db';
import { handleEventOnce, type ServiceConsumer } from '@edu/platform/events';
import { asCaller, type ModuleUnderTest, silentLogger, startModuleUnderTest } from '@edu/platform/testing';
import { sql } from 'drizzle-orm';
import { createApp } from '../src/app.ts';
import { progressModule } from '../src/index.ts';
import type { ProgressSettings } from '../src/settings.ts';

export type Subject = ModuleUnderTest<ProgressSettings>;

/** Anything that answers in-process requests: the subject's app, or another instance's. */
export interface ProgressApp {
  request(input: string, init?: RequestInit): Response | Promise<Response>;
}

export const ISSUER = 'https://learn.example.test';

export interface Who {
  sub: string;
  roles: Array<'user' | 'instructor' | 'admin'>;
  name?: string;
}

/** The progress module on a fresh database, its certificates issued by ISSUER. */
export function startProgress(): Promise<Subject> {
  return startModuleUnderTest(progressModule, { env: { PUBLIC_URL: ISSUER } });
}

/**
 * Another instance of the app on the subject's database (a second replica, or one with other
 * settings), its settings parsed from `env` as a runner would.
 */
export function anotherInstance(subject: Subject, env: Record<string, string> = {}): ProgressApp {
  return createApp({
    ...subject.deps,
    settings: loadModuleSettings(progressModule, { PUBLIC_URL: ISSUER, ...env }),
  });
}

/** The module's one consumer, `progress.projections`, as a runner gets it. */
export function consumerOf(subject: Subject): ServiceConsumer {
  const [consumer] = progressModule.consumers?.(subject.deps) ?? [];
  if (!consumer) throw new Error('the progress module consumes nothing');
  return consumer;
}

export function learner(prefix = 'learner'): Who {
  return { sub: `${prefix}-${newId()}`, roles: ['user'] };
}

/** Calls the app as `who` (null: anonymous), with a JSON body when given. */
export async function call(
  app: ProgressApp,
  method: string,
  path: string,
  who: Who | null,
  body?: unknown,
): Promise<Response> {
  const identity = who ? await asCaller({ sub: who.sub, roles: who.roles }) : {};
  return app.request(path, {
    method,
    headers: { ...identity, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
}

export async function json<T>(response: Response, status: number): Promise<T> {
  const text = await response.text();
  expect({ status: response.status, body: text }).toMatchObject({ status });
  return JSON.parse(text) as T;
}

export async function expectProblem(response: Response, status: number) {
  expect(response.status).toBe(status);
  expect(response.headers.get('content-type')).toBe('application/problem+json');
  const problem = (await response.json()) as { status: number; detail: string };
  expect(problem.status).toBe(status);
  return problem;
}

export function envelope(type: EventType, data: Record<string, unknown>, source = 'courses'): EventEnvelope {
  return {
    id: newId(),
    type,
    data,
    metadata: { timestamp: new Date().toISOString(), correlationId: `corr-${newId()}`, source },
  };
}

/** Delivers an event the way the backbone does: through the consumer's inbox. */
export function deliver(subject: Subject, event: EventEnvelope): Promise<boolean> {
  return handleEventOnce(subject.database.db, consumerOf(subject), event, silentLogger);
}

export interface CourseFixture {
  courseId: string;
  instructorId: string;
  lessonIds: string[];
}

/** A published course with `lessons` lessons, announced through course events. */
export async function announceCourse(
  subject: Subject,
  lessons = 3,
  title = 'Testing in depth',
): Promise<CourseFixture> {
  const courseId = `course-${newId()}`;
  const instructorId = `instructor-${newId()}`;
  const course = { courseId, instructorId, title, status: 'published', priceCents: 1000, currency: 'EUR' };
  await deliver(subject, envelope('COURSE_CREATED', { ...course, status: 'draft', lessonCount: 0 }));
  const lessonIds: string[] = [];
  for (let position = 1; position <= lessons; position++) {
    lessonIds.push(await addLesson(subject, courseId, position));
  }
  await deliver(subject, envelope('COURSE_PUBLISHED', { ...course, lessonCount: lessons }));
  return { courseId, instructorId, lessonIds };
}

export async function addLesson(subject: Subject, courseId: string, position: number): Promise<string> {
  const lessonId = `lesson-${newId()}`;
  await deliver(
    subject,
    envelope('LESSON_ADDED', { courseId, lessonId, title: `Lesson ${position}`, position }),
  );
  return lessonId;
}

/** Gives `who` access to the course as the courses service announces a purchase. */
export async function grantAccess(
  subject: Subject,
  who: Who,
  courseId: string,
  paymentId = `pay-${newId()}`,
) {
  await deliver(
    subject,
    envelope('COURSE_ACCESS_GRANTED', { userId: who.sub, courseId, reason: 'purchase', paymentId }),
  );
  return paymentId;
}

export async function announceLearner(subject: Subject, who: Who, name: string) {
  await deliver(
    subject,
    envelope(
      'USER_CREATED',
      { userId: who.sub, email: `${who.sub}@example.test`, name, locale: 'en', roles: who.roles },
      'users',
    ),
  );
}

export const complete = (
  subject: Subject,
  who: Who | null,
  lessonId: string,
  status?: 'viewed' | 'completed',
) => call(subject.app, 'POST', `/api/v1/progress/lessons/${lessonId}`, who, status ? { status } : {});

export interface OutboxRow extends Record<string, unknown> {
  type: string;
  key: string;
  envelope: { id: string; data: Record<string, unknown>; metadata: { correlationId: string } };
}

export async function outboxEvents(subject: Subject, userId: string): Promise<OutboxRow[]> {
  return queryRows<OutboxRow>(
    subject.database.db,
    sql`select type, key, envelope from progress.outbox where key = ${userId} order by seq`,
  );
}

export async function countRows(
  subject: Subject,
  table: 'certificates' | 'course_completions',
  userId: string,
) {
  const [row] = await queryRows<{ count: number }>(
    subject.database.db,
    sql`select count(*)::int as count from ${sql.raw(`progress.${table}`)} where user_id = ${userId}`,
  );
  return Number(row?.count ?? 0);
}
