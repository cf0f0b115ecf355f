import type { Database } from '@edu/platform/db';
import { desc } from 'drizzle-orm';
import { type RenderedEmail, renderEmail } from '../adapters/mail/email-template.ts';
import { devMailbox } from '../db/schema.ts';
import type { Locale, NotificationType } from '../domain/notification-types.ts';

/** The dev mailbox's newest 100 messages first, optionally only those to `to` (any case). */
export async function listMailbox(db: Database, options: { to?: string | undefined } = {}) {
  const rows = await db.select().from(devMailbox).orderBy(desc(devMailbox.id)).limit(100);
  return options.to ? rows.filter((row) => row.to.toLowerCase() === options.to?.toLowerCase()) : rows;
}

const SAMPLE_DATA = {
  courseId: 'course-123',
  certificateId: 'cert-456',
  amountCents: 4900,
  currency: 'EUR',
  reason: 'card_declined',
  retryUrl: 'http://localhost:8787/courses/course-123',
};

/** The email of `type` in `locale`, rendered with sample data (and a name that must be escaped). */
export function previewEmail(type: NotificationType, locale: Locale): Promise<RenderedEmail> {
  return renderEmail(type, locale, { name: 'Ada <Lovelace>', data: SAMPLE_DATA });
}
