import { AllowTestModeSetting } from '@edu/platform';
import { urlSetting } from '@edu/platform/config';
import { z } from 'zod';

/**
 * The notifications service's settings, validated together. `MAIL_TRANSPORT`: `dev` keeps mail
 * in the service's own dev mailbox (test mode: the default only in the embedded topology, see
 * adapters/mail/index.ts); `smtp` sends through SMTP_URL (self-hosted); `resend` calls the
 * Resend HTTP API (edge, where outbound TCP to port 25/587 is not an option).
 */
export const NotificationsSettings = z
  .object({
    /** Unset: `dev` when embedded; a standalone service must name it (see resolveAdapterSetting). */
    MAIL_TRANSPORT: z.enum(['dev', 'smtp', 'resend']).optional(),
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
    /**
     * Where links in notifications point: the platform's public origin (the same setting the
     * progress service issues certificates under), so an email's "try again" link opens the
     * site the learner uses. The embedded runner sets it to the origin it serves on.
     */
    PUBLIC_URL: urlSetting(['http', 'https']).default('http://localhost:8787'),
  })
  .superRefine((settings, context) => {
    if (settings.MAIL_TRANSPORT === 'smtp' && !settings.SMTP_URL) {
      context.addIssue({
        code: 'custom',
        path: ['SMTP_URL'],
        message: 'is required when MAIL_TRANSPORT=smtp',
      });
    }
    if (settings.MAIL_TRANSPORT === 'resend' && !settings.RESEND_API_KEY) {
      context.addIssue({
        code: 'custom',
        path: ['RESEND_API_KEY'],
        message: 'is required when MAIL_TRANSPORT=resend',
      });
    }
    if (Boolean(settings.VAPID_PUBLIC_KEY) !== Boolean(settings.VAPID_PRIVATE_KEY)) {
      context.addIssue({
        code: 'custom',
        path: ['VAPID_PRIVATE_KEY'],
        message: 'VAPID_PUBLIC_KEY and VAPID_PRIVATE_KEY are set together',
      });
    }
  });
export type NotificationsSettings = z.infer<typeof NotificationsSettings>;
