import type { Database } from '@edu/platform/db';
import { appendToOutbox, type EventOrigin, type NewEvent } from '@edu/platform/events';
import { outbox } from './schema.ts';

/** Appends events to the payments outbox inside `tx`, so they commit with the change that caused them. */
export async function appendEvents(tx: Database, events: NewEvent[], origin: EventOrigin): Promise<void> {
  await appendToOutbox(tx, outbox, events, origin);
}
