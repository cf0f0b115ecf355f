import type { ModuleDeps } from '@edu/platform';
import { createServiceApp } from '@edu/platform/http';
import type { NotificationsRuntime } from './adapters/runtime.ts';
import { requireWebhookScopeFirst } from './middleware/partner-scope.ts';
import type { NotificationsDeps } from './operations/deps.ts';
import { registerListDevMailbox } from './routes/dev-mailbox/list.ts';
import { registerShowDevMailbox } from './routes/dev-mailbox/page.ts';
import { registerPreviewMailTemplate } from './routes/dev-mailbox/preview-template.ts';
import { registerListNotifications } from './routes/notifications/list.ts';
import { registerMarkNotificationRead } from './routes/notifications/mark-read.ts';
import { registerListWebhookDeliveries } from './routes/partner-webhook-deliveries/list.ts';
import { registerRedeliverWebhook } from './routes/partner-webhook-deliveries/redeliver.ts';
import { registerCreateWebhookSubscription } from './routes/partner-webhooks/create.ts';
import { registerDeleteWebhookSubscription } from './routes/partner-webhooks/delete.ts';
import { registerGetWebhookSubscription } from './routes/partner-webhooks/get.ts';
import { registerListWebhookSubscriptions } from './routes/partner-webhooks/list.ts';
import { registerUpdateWebhookSubscription } from './routes/partner-webhooks/update.ts';
import { registerGetPreferences } from './routes/preferences/get.ts';
import { registerSavePreferences } from './routes/preferences/save.ts';
import { registerCreatePushSubscription } from './routes/push-subscriptions/create.ts';
import { registerGetVapidPublicKey } from './routes/push-subscriptions/get-vapid-key.ts';
import { registerCreateRealtimeTicket } from './routes/realtime/create-ticket.ts';
import { registerOpenRealtimeSocket } from './routes/realtime/open-socket.ts';
import type { NotificationsSettings } from './settings.ts';

/**
 * The notifications service's app: its routes, given its deps and the runtime (settings and
 * adapters) the module built for them, which the consumers and the socket endpoint share.
 */
export function createApp(deps: ModuleDeps<NotificationsSettings>, runtime: NotificationsRuntime) {
  const app = createServiceApp({
    service: 'notifications',
    logger: deps.logger,
    identitySecret: deps.identitySecret,
    notifyOutbox: deps.notifyOutbox,
  });
  const operations: NotificationsDeps = { db: deps.db, cache: deps.cache, runtime };
  // Every user's mail, unauthenticated: served only in the embedded topology, never by a
  // standalone service, even in explicit test mode (its mail then stays in the database).
  if (runtime.mail.kind === 'dev' && runtime.topology === 'embedded') {
    registerListDevMailbox(app, operations);
    registerShowDevMailbox(app, operations);
    registerPreviewMailTemplate(app, operations);
  }
  registerGetPreferences(app, operations);
  registerSavePreferences(app, operations);
  registerCreatePushSubscription(app, operations);
  registerGetVapidPublicKey(app, operations);
  registerListNotifications(app, operations);
  registerMarkNotificationRead(app, operations);
  registerCreateRealtimeTicket(app, operations);
  registerOpenRealtimeSocket(app, operations);
  requireWebhookScopeFirst(app);
  registerCreateWebhookSubscription(app, operations);
  registerListWebhookSubscriptions(app, operations);
  registerGetWebhookSubscription(app, operations);
  registerUpdateWebhookSubscription(app, operations);
  registerDeleteWebhookSubscription(app, operations);
  registerListWebhookDeliveries(app, operations);
  registerRedeliverWebhook(app, operations);
  return app;
}
