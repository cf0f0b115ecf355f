import { type EventData, type EventEnvelope, type EventType, newId, TOPIC_OF_EVENT } from '@edu/contracts';
import type { Database } from '../db/index.ts';
import type { defineOutboxTable } from './tables.ts';

export type OutboxTable = ReturnType<typeof defineOutboxTable>;

/**
 * An event a service is about to publish, its `data` typed by its `type` from the schemas in
 * @edu/contracts: a missing or misspelt field is a compile error where the event is built.
 */
export type NewEvent = {
  [Type in EventType]: {
    type: Type;
    /** The aggregate id (user, course, payment...): events with one key keep their order. */
    key: string;
    data: EventData<Type>;
  };
}[EventType];

/** Where an event comes from: the request (or event) that caused it. */
export interface EventOrigin {
  /** The request id that started the chain. */
  correlationId: string;
  /** The event being handled, when an event handler publishes. */
  causationId?: string;
  /** The publishing service. */
  source: string;
}

/**
 * Writes events into the service's outbox inside the caller's transaction, so they are
 * committed together with the state change that caused them, or not at all.
 *
 * @example
 * await db.transaction(async (tx) => {
 *   await tx.insert(courses).values(course);
 *   await appendToOutbox(tx, outbox, [{ type: 'COURSE_CREATED', key: course.id, data: courseEventData(course) }], origin);
 * });
 */
export async function appendToOutbox(
  tx: Database,
  outbox: OutboxTable,
  events: NewEvent[],
  origin: EventOrigin,
): Promise<EventEnvelope[]> {
  if (events.length === 0) return [];
  const timestamp = new Date().toISOString();
  const envelopes: EventEnvelope[] = events.map((event) => ({
    id: newId(),
    type: event.type,
    data: event.data,
    metadata: {
      timestamp,
      correlationId: origin.correlationId,
      ...(origin.causationId ? { causationId: origin.causationId } : {}),
      source: origin.source,
    },
  }));
  await tx.insert(outbox).values(
    envelopes.map((envelope, index) => ({
      eventId: envelope.id,
      topic: TOPIC_OF_EVENT[envelope.type],
      type: envelope.type,
      key: events[index]?.key ?? envelope.id,
      envelope,
    })),
  );
  return envelopes;
}
