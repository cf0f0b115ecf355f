import { AllowTestModeSetting, resolveAdapterSetting, type ServiceTopology } from '@edu/platform';
import { loadConfig, urlSetting } from '@edu/platform/config';
import { z } from 'zod';

const MailTransportKind = z.enum(['dev', 'smtp', 'resend']);

/**
 * The notification service's settings. `dev` keeps mail in the service's own dev mailbox
 * (test mode: the default only in the embedded topology); `smtp` sends through SMTP_URL
 * (self-hosted); `resend` calls the Resend HTTP API (edge, where outbound TCP to port 25/587
 * is not an option).
 */
export const NotificationsSettings = z
  .object({
    /** Unset: `dev` when embedded; a standalone service must name it (see resolveAdapterSetting). */
    MAIL_TRANSPORT: MailTransportKind.optional(),
    ALLOW_TEST_MODE: AllowTestModeSetting,
    MAIL_FROM: z.string().min(3).default('Learning Platform <no-reply@example.com>'),
    SMTP_URL: urlSetting(['smtp', 'smtps']).optional(),
    RESEND_API_KEY: z.string().min(1).optional(),
    /** Overridable for tests and regional endpoints; the documented base is https://api.resend.com. */
    RESEND_API_URL: urlSetting(['https', 'http']).default('https://api.resend.com'),
    VAPID_PUBLIC_KEY: z.string().min(20).optional(),
    VAPID_PRIVATE_KEY: z.string().min(20).optional(),
    VAPID_SUBJECT: z.string().min(3).default('mailto:no-reply@example.com'),
    /**
     * Where partner webhooks may go: `public` (https, public addresses only; the SSRF guard) or
     * `any` (also http and private addresses: local development and tests).
     */
    WEBHOOK_TARGETS: z.enum(['public', 'any']).default('public'),
  })
  .superRefine((config, context) => {
    if (config.MAIL_TRANSPORT === 'smtp' && !config.SMTP_URL) {
      context.addIssue({
        code: 'custom',
        path: ['SMTP_URL'],
        message: 'is required when MAIL_TRANSPORT=smtp',
      });
    }
    if (config.MAIL_TRANSPORT === 'resend' && !config.RESEND_API_KEY) {
      context.addIssue({
        code: 'custom',
        path: ['RESEND_API_KEY'],
        message: 'is required when MAIL_TRANSPORT=resend',
      });
    }
    if (Boolean(config.VAPID_PUBLIC_KEY) !== Boolean(config.VAPID_PRIVATE_KEY)) {
      context.addIssue({
        code: 'custom',
        path: ['VAPID_PRIVATE_KEY'],
        message: 'VAPID_PUBLIC_KEY and VAPID_PRIVATE_KEY are set together',
      });
    }
  });
export type NotificationsConfig = z.infer<typeof NotificationsSettings> & {
  MAIL_TRANSPORT: z.infer<typeof MailTransportKind>;
};

/**
 * Reads the settings from `env` (process.env on Bun/Node; Workers pass their string bindings).
 * Outside the embedded topology the dev mailbox needs MAIL_TRANSPORT=dev and ALLOW_TEST_MODE=true.
 */
export function loadNotificationsConfig(
  env: Record<string, string | undefined>,
  topology: ServiceTopology,
): NotificationsConfig {
  const config = loadConfig(NotificationsSettings, env);
  const transport = resolveAdapterSetting({
    name: 'MAIL_TRANSPORT',
    value: config.MAIL_TRANSPORT,
    testValue: 'dev',
    realValues: ['smtp', 'resend'],
    topology,
    allowTestMode: config.ALLOW_TEST_MODE,
  });
  return { ...config, MAIL_TRANSPORT: transport };
}
