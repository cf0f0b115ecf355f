import { newId } from '@edu/contracts';
import type { Database } from '@edu/platform/db';
import { devMailbox } from '../../db/schema.ts';
import type { MailTransport } from './transport.ts';

/** Mail that never leaves: stored in the service's schema and shown at the dev mailbox endpoints. */
export function createDevMailbox(db: Database): MailTransport {
  return {
    kind: 'dev',
    send: async (email) => {
      const id = newId();
      await db.insert(devMailbox).values({
        id,
        from: email.from,
        to: email.to,
        subject: email.subject,
        html: email.html,
        text: email.text,
      });
      return { messageId: id };
    },
  };
}
