import type { Database } from '@edu/platform/db';
import { appendToOutbox, type EventOrigin, type NewEvent } from '@edu/platform/events';
import { outbox } from './schema.ts';

/** Writes events into the users outbox, inside the transaction of the change that caused them. */
export async function recordEvents(tx: Database, events: NewEvent[], origin: EventOrigin): Promise<void> {
  await appendToOutbox(tx, outbox, events, origin);
}
