import { type EventEnvelope, type EventType, newId } from '@edu/contracts';
import { loadModuleSettings, type ServiceTopology } from '@edu/platform';
import { handleEventOnce } from '@edu/platform/events';
import { startModuleUnderTest } from '@edu/platform/testing';
import { mailTransportKind } from '../src/adapters/mail/index.ts';
import {
  createNotificationsRuntime,
  type NotificationsRuntime,
  type RuntimeOverrides,
} from '../src/adapters/runtime.ts';
import { createApp } from '../src/app.ts';
import { notificationsConsumers } from '../src/events/consume.ts';
import { notificationsModule } from '../src/index.ts';

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

/**
 * The module's settings from `env` and the mail transport they resolve to where the service
 * runs: what the module's runtime does with them, a ConfigError naming the setting included.
 */
export function notificationsConfig(env: Record<string, string>, topology: ServiceTopology) {
  const settings = loadModuleSettings(notificationsModule, env);
  return { ...settings, MAIL_TRANSPORT: mailTransportKind(settings, topology) };
}

/**
 * The notifications module on a fresh database, its settings parsed from `env` as a runner
 * would, with its runtime (any adapter replaced by a stand-in of `adapters`) and `deliver`,
 * which hands an event to both consumers through the real inbox path, as the bus would.
 */
export async function startNotifications(
  options: { env?: Record<string, string>; adapters?: RuntimeOverrides } = {},
) {
  let runtime: NotificationsRuntime | undefined;
  const subject = await startModuleUnderTest(
    {
      ...notificationsModule,
      // The module's app, built on a runtime whose adapters the test may replace.
      createApp: (deps) => {
        runtime = createNotificationsRuntime(deps, options.adapters);
        return createApp(deps, runtime);
      },
    },
    options.env ? { env: options.env } : {},
  );
  if (!runtime) throw new Error('createApp was not called');
  const ready = runtime;
  const consumers = notificationsConsumers(ready);
  return {
    ...subject,
    runtime: ready,
    /** Hands the event to both consumers of the service (notifications, then partner webhooks). */
    deliver: async (event: EventEnvelope) => {
      let handled = false;
      for (const consumer of consumers) {
        if (await handleEventOnce(subject.deps.db, consumer, event, subject.deps.logger)) handled = true;
      }
      return handled;
    },
  };
}
