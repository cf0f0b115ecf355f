import { expect } from 'bun:test';
import { type EventEnvelope, type EventType, newId, type ServiceName } from '@edu/contracts';
import { coursesModule } from '@edu/courses-service';
import type { ServiceBinding } from '@edu/platform';
import type { Cache } from '@edu/platform/cache';
import { queryRows } from '@edu/platform/db';
import { handleEventOnce, type ServiceConsumer } from '@edu/platform/events';
import { asCaller, silentLogger, startModuleUnderTest } from '@edu/platform/testing';
import { sql } from 'drizzle-orm';

/** The courses module on a fresh test database, as a runner builds it (in the embedded topology). */
export function startCourses(
  options: { cache?: Cache; services?: Partial<Record<ServiceName, ServiceBinding>> } = {},
) {
  return startModuleUnderTest(coursesModule, options);
}

export type Subject = Awaited<ReturnType<typeof startCourses>>;
export type CoursesApp = Subject['app'];

/** The module's one consumer (`courses.entitlements`), as a runner gets it. */
export function entitlementsConsumer(subject: Pick<Subject, 'deps'>): ServiceConsumer {
  const [consumer] = coursesModule.consumers?.(subject.deps) ?? [];
  if (!consumer) throw new Error('the courses module consumes nothing');
  return consumer;
}

/** An event as the bus delivers it; `data` is not checked here, so tests can send malformed data too. */
export function envelope(type: EventType, data: Record<string, unknown>): EventEnvelope {
  return {
    id: newId(),
    type,
    data,
    metadata: { timestamp: new Date().toISOString(), correlationId: `corr-${newId()}`, source: 'payments' },
  };
}

/** COURSE_PURCHASED's data for a purchase, with the contract's other fields filled in. */
export function purchaseData(purchase: { paymentId: string; userId: string; courseId: string }) {
  return { amountCents: 1000, currency: 'EUR', test: true, ...purchase };
}

/** PAYMENT_REFUNDED's data for a refund of `payment`, with the contract's other fields filled in. */
export function refundData(payment: { paymentId: string; userId: string; courseId: string }) {
  return { refundId: `refund-${payment.paymentId}`, amountCents: 1000, currency: 'EUR', ...payment };
}

/** Hands `event` to the courses consumer as the event runner would (once per event id). */
export function deliver(subject: Pick<Subject, 'deps' | 'database'>, event: EventEnvelope): Promise<boolean> {
  return handleEventOnce(subject.database.db, entitlementsConsumer(subject), event, silentLogger);
}

export const INSTRUCTOR = { sub: 'instructor-1', roles: ['user', 'instructor'] as const };
export const OTHER_INSTRUCTOR = { sub: 'instructor-2', roles: ['user', 'instructor'] as const };
export const LEARNER = { sub: 'learner-1', roles: ['user'] as const };
export const ADMIN = { sub: 'admin-1', roles: ['user', 'admin'] as const };
export type Who = typeof INSTRUCTOR | typeof OTHER_INSTRUCTOR | typeof LEARNER | typeof ADMIN | null;

/** Calls the app as `who` (null: anonymous), with a JSON body when given. */
export async function call(
  app: CoursesApp,
  method: string,
  path: string,
  who: Who,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<Response> {
  const identity = who ? await asCaller({ sub: who.sub, roles: [...who.roles] }) : {};
  return app.request(path, {
    method,
    headers: {
      ...identity,
      ...headers,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
}

export interface CourseJson {
  id: string;
  title: string;
  description: string;
  status: 'draft' | 'published' | 'archived';
  priceCents: number;
  currency: string;
  instructorId: string;
  lessonCount: number;
  createdAt: string;
  updatedAt: string;
}

export interface LessonJson {
  id: string;
  courseId: string;
  title: string;
  position: number;
  durationSec: number;
  freePreview: boolean;
  content?: string;
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

export async function createCourse(
  app: CoursesApp,
  who: Who = INSTRUCTOR,
  overrides: Partial<Pick<CourseJson, 'title' | 'description' | 'priceCents' | 'currency'>> = {},
): Promise<CourseJson> {
  const body = {
    title: 'Course',
    description: 'A course about things',
    priceCents: 1000,
    currency: 'EUR',
    ...overrides,
  };
  return json<CourseJson>(await call(app, 'POST', '/api/v1/courses', who, body), 201);
}

export async function addLesson(
  app: CoursesApp,
  courseId: string,
  who: Who = INSTRUCTOR,
  overrides: { title?: string; content?: string; durationSec?: number; freePreview?: boolean } = {},
): Promise<LessonJson> {
  const body = { title: 'Lesson', content: '# Lesson\n\nBody', durationSec: 60, ...overrides };
  return json<LessonJson>(await call(app, 'POST', `/api/v1/courses/${courseId}/lessons`, who, body), 201);
}

/** A published course with `lessons` lessons (the first a free preview). */
export async function publishedCourse(
  app: CoursesApp,
  overrides: Parameters<typeof createCourse>[2] = {},
  lessons = 2,
  who: Who = INSTRUCTOR,
): Promise<{ course: CourseJson; lessons: LessonJson[] }> {
  const course = await createCourse(app, who, overrides);
  const added: LessonJson[] = [];
  for (let index = 0; index < lessons; index++) {
    added.push(
      await addLesson(app, course.id, who, { title: `Lesson ${index + 1}`, freePreview: index === 0 }),
    );
  }
  const published = await json<CourseJson>(
    await call(app, 'POST', `/api/v1/courses/${course.id}/publish`, who),
    200,
  );
  return { course: published, lessons: added };
}

export interface OutboxRow extends Record<string, unknown> {
  type: string;
  key: string;
  envelope: {
    id: string;
    data: Record<string, unknown>;
    metadata: { correlationId: string; causationId?: string };
  };
}

export function outboxEvents(subject: Subject, key?: string): Promise<OutboxRow[]> {
  return queryRows<OutboxRow>(
    subject.database.db,
    key === undefined
      ? sql`select type, key, envelope from courses.outbox order by seq`
      : sql`select type, key, envelope from courses.outbox where key = ${key} order by seq`,
  );
}
