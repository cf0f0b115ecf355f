import type { Database } from '@edu/platform/db';
import type { NotificationsConfig } from '../config.ts';
import { createDevMailbox } from './dev-mailbox.ts';
import { createResendTransport } from './resend.ts';
import { createSmtpTransport } from './smtp.ts';
import type { MailTransport } from './transport.ts';

export type { MailTransport, OutgoingEmail } from './transport.ts';

/** The mail adapter MAIL_TRANSPORT names (the config is validated, so each has what it needs). */
export function createMailTransport(config: NotificationsConfig, db: Database): MailTransport {
  switch (config.MAIL_TRANSPORT) {
    case 'smtp':
      return createSmtpTransport(config.SMTP_URL ?? '');
    case 'resend':
      return createResendTransport({ apiKey: config.RESEND_API_KEY ?? '', baseUrl: config.RESEND_API_URL });
    default:
      return createDevMailbox(db);
  }
}
