import { type EventEnvelope, type EventType, newId } from '@edu/contracts';
import { handleEventOnce } from '@edu/platform/events';
import { startServiceUnderTest } from '@edu/platform/testing';
import { createApp, SERVICE_NAME } from '../src/app.ts';
import { loadNotificationsConfig } from '../src/config.ts';
import { createNotificationsConsumer, webhooksConsumer } from '../src/events.ts';
import { MIGRATIONS_FOLDER } from '../src/migrations.ts';
import { createInProcessHub } from '../src/realtime/hub.ts';
import { createNotificationsRuntime, type NotificationsRuntime } from '../src/runtime.ts';

/** Tests that start their own service (PGlite migrations) need more than bun's default 5 s. */
export const SERVICE_TEST_TIMEOUT_MS = 60_000;

/** An event envelope as the bus delivers it. */
export function envelope(
  type: EventType,
  data: Record<string, unknown>,
  id: string = newId(),
): EventEnvelope {
  return {
    id,
    type,
    data,
    metadata: { timestamp: new Date().toISOString(), correlationId: `req-${id}`, source: 'test' },
  };
}

export function userCreated(
  userId: string,
  overrides: { email?: string; name?: string; locale?: string | null } = {},
) {
  return envelope('USER_CREATED', {
    userId,
    email: overrides.email ?? `${userId}@example.com`,
    name: overrides.name ?? `User ${userId}`,
    locale: overrides.locale === undefined ? 'en' : overrides.locale,
    roles: ['user'],
  });
}

export function coursePurchased(userId: string, courseId: string) {
  return envelope('COURSE_PURCHASED', {
    paymentId: newId(),
    userId,
    courseId,
    amountCents: 4900,
    currency: 'EUR',
    test: true,
  });
}

/**
 * The notifications service on a fresh database, with its runtime (dev mailbox, its own
 * in-process hub unless one is given) and `deliver`, which hands an event to the consumer
 * through the real inbox path, as the bus would.
 */
export async function startNotifications(
  overrides: Partial<Omit<NotificationsRuntime, 'vapidKeys'>> & { env?: Record<string, string> } = {},
) {
  const { env, ...adapters } = overrides;
  let runtime: NotificationsRuntime | undefined;
  const subject = await startServiceUnderTest({
    service: SERVICE_NAME,
    migrationsFolder: MIGRATIONS_FOLDER,
    createApp: (deps) => {
      runtime = createNotificationsRuntime(deps, {
        config: loadNotificationsConfig(env ?? {}, 'embedded'),
        hub: createInProcessHub(),
        ...adapters,
      });
      return createApp(deps, runtime);
    },
  });
  if (!runtime) throw new Error('createApp was not called');
  const ready = runtime;
  const consumer = createNotificationsConsumer({ hub: ready.hub });
  return {
    ...subject,
    runtime: ready,
    consumer,
    /** Hands the event to both consumers of the service (notifications, then partner webhooks). */
    deliver: async (event: EventEnvelope) => {
      const notified = await handleEventOnce(subject.deps.db, consumer, event, subject.deps.logger);
      const queued = await handleEventOnce(subject.deps.db, webhooksConsumer, event, subject.deps.logger);
      return notified || queued;
    },
  };
}

export function coursePublished(courseId: string, overrides: { title?: string } = {}) {
  return envelope('COURSE_PUBLISHED', {
    courseId,
    instructorId: 'instructor-1',
    title: overrides.title ?? 'TypeScript in depth',
    status: 'published',
    priceCents: 4900,
    currency: 'EUR',
    lessonCount: 3,
  });
}
