import type { Database } from '@edu/platform/db';
import { eq } from 'drizzle-orm';
import { webhookEvents } from './schema.ts';

/** Records a provider event as received; false when it was received before (a replay). */
export async function recordWebhookEvent(
  tx: Database,
  event: { eventId: string; type: string },
): Promise<boolean> {
  const [fresh] = await tx
    .insert(webhookEvents)
    .values({ eventId: event.eventId, type: event.type, outcome: 'received' })
    .onConflictDoNothing()
    .returning();
  return fresh !== undefined;
}

export async function setWebhookOutcome(tx: Database, eventId: string, outcome: string): Promise<void> {
  await tx.update(webhookEvents).set({ outcome }).where(eq(webhookEvents.eventId, eventId));
}
