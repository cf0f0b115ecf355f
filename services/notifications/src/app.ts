import type { ServiceDeps } from '@edu/platform';
import { createServiceApp } from '@edu/platform/http';
import { registerDevMailboxRoutes } from './routes/dev-mailbox.ts';
import { registerNotificationRoutes } from './routes/notifications.ts';
import { registerPartnerWebhookDeliveryRoutes } from './routes/partner-webhook-deliveries.ts';
import { registerPartnerWebhookRoutes } from './routes/partner-webhooks.ts';
import { registerPreferenceRoutes } from './routes/preferences.ts';
import { registerPushSubscriptionRoutes } from './routes/push-subscriptions.ts';
import { registerRealtimeRoutes } from './routes/realtime.ts';
import { createNotificationsRuntime, type NotificationsRuntime } from './runtime.ts';
import { SERVICE_NAME } from './service-name.ts';

export { SERVICE_NAME };

/**
 * The notifications service: its routes, given its dependencies. `runtime` (mail, push,
 * realtime hub) comes from the environment unless the caller hands one in (tests, runners).
 */
export function createApp(
  deps: ServiceDeps,
  runtime: NotificationsRuntime = createNotificationsRuntime(deps),
) {
  const app = createServiceApp({
    service: SERVICE_NAME,
    logger: deps.logger,
    identitySecret: deps.identitySecret,
    notifyOutbox: deps.notifyOutbox,
  });
  // Every user's mail, unauthenticated: served only in the embedded topology, never by a
  // standalone service, even in explicit test mode (its mail then stays in the database).
  if (runtime.mail.kind === 'dev' && runtime.topology === 'embedded') registerDevMailboxRoutes(app, deps.db);
  registerPreferenceRoutes(app, deps.db);
  registerPushSubscriptionRoutes(app, deps.db, runtime);
  registerNotificationRoutes(app, deps.db);
  registerRealtimeRoutes(app, deps.cache);
  registerPartnerWebhookRoutes(app, deps.db, runtime);
  registerPartnerWebhookDeliveryRoutes(app, deps.db);
  return app;
}
