/** What runners and other composition roots use from this service. */
export { createApp, SERVICE_NAME } from './app.ts';
export { type DeliveryReport, deliverPending, deliverPendingEmails } from './deliveries.ts';
export { startDeliveryWorker } from './delivery-worker.ts';
export {
  createNotificationsConsumer,
  NOTIFICATIONS_CONSUMER_GROUP,
  notificationsConsumer,
  publishProgress,
  WEBHOOKS_CONSUMER_GROUP,
  webhooksConsumer,
} from './events.ts';
export { createNotificationsRuntime, type NotificationsRuntime } from './runtime.ts';
export { NotificationService } from './service.ts';
export { dispatchWebhooks, type WebhookDispatchReport } from './webhooks/dispatcher.ts';
