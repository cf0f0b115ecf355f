import { resolveAdapterSetting, type ServiceTopology } from '@edu/platform';
import type { Database } from '@edu/platform/db';
import type { NotificationsSettings } from '../../settings.ts';
import { createDevMailbox } from './dev-mailbox.ts';
import { createResendTransport } from './resend.ts';
import { createSmtpTransport } from './smtp.ts';
import type { MailTransport } from './transport.ts';

type MailTransportKind = MailTransport['kind'];

/**
 * The transport MAIL_TRANSPORT names where the service runs: `dev` by default only in the
 * embedded topology; outside it `dev` needs ALLOW_TEST_MODE=true. Throws a ConfigError naming
 * MAIL_TRANSPORT otherwise.
 */
export function mailTransportKind(
  settings: NotificationsSettings,
  topology: ServiceTopology,
): MailTransportKind {
  return resolveAdapterSetting<MailTransportKind>({
    name: 'MAIL_TRANSPORT',
    value: settings.MAIL_TRANSPORT,
    testValue: 'dev',
    realValues: ['smtp', 'resend'],
    topology,
    allowTestMode: settings.ALLOW_TEST_MODE,
  });
}

/** The mail adapter MAIL_TRANSPORT names (the settings are validated, so each has what it needs). */
export function createMailTransport(
  settings: NotificationsSettings,
  topology: ServiceTopology,
  db: Database,
): MailTransport {
  switch (mailTransportKind(settings, topology)) {
    case 'smtp':
      return createSmtpTransport(settings.SMTP_URL ?? '');
    case 'resend':
      return createResendTransport({
        apiKey: settings.RESEND_API_KEY ?? '',
        baseUrl: settings.RESEND_API_URL,
      });
    default:
      return createDevMailbox(db);
  }
}
