import { z } from 'zod';

const text = z.string().optional();

/**
 * The notifications service's settings, as given; `loadNotificationsConfig` (config.ts)
 * validates them together, since which are required depends on MAIL_TRANSPORT and the topology.
 */
export const NotificationsRawSettings = z.object({
  MAIL_TRANSPORT: text,
  ALLOW_TEST_MODE: text,
  MAIL_FROM: text,
  SMTP_URL: text,
  RESEND_API_KEY: text,
  RESEND_API_URL: text,
  VAPID_PUBLIC_KEY: text,
  VAPID_PRIVATE_KEY: text,
  VAPID_SUBJECT: text,
  WEBHOOK_TARGETS: text,
  PUBLIC_URL: text,
});
