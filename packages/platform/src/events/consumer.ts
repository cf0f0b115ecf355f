import {
  type EventData,
  type EventEnvelope,
  type EventType,
  parseEventData,
  type ServiceName,
  TOPIC_OF_EVENT,
  type Topic,
} from '@edu/contracts';
import { and, eq } from 'drizzle-orm';
import { pgSchema } from 'drizzle-orm/pg-core';
import type { Database } from '../db/index.ts';
import type { Logger } from '../logger.ts';
import { appendToOutbox, type NewEvent, type OutboxTable } from './outbox.ts';
import { defineInboxTable, defineOutboxTable } from './tables.ts';

export type InboxTable = ReturnType<typeof defineInboxTable>;

/** What a handler gets: the event, a transaction for its effect, and a way to publish follow-ups. */
export interface EventHandlerContext {
  event: EventEnvelope;
  /** The transaction the inbox record is written in; the handler's effect must use it too. */
  tx: Database;
  log: Logger;
  /** Publishes events caused by this one, in the same transaction (causationId = this event). */
  publish(events: NewEvent[]): Promise<void>;
}

export type EventHandler = (context: EventHandlerContext) => Promise<void>;

/** What a service consumes: its consumer group name, the topics, and a handler per event type. */
export interface ServiceConsumer {
  /** The consumer group, e.g. `courses.entitlements`; also the inbox's `consumer` column. */
  group: string;
  topics: Topic[];
  handlers: Partial<Record<EventType, EventHandler>>;
  /** The service's own inbox and outbox tables. */
  inbox: InboxTable;
  outbox: OutboxTable;
  /** The publishing service's name, for the `source` of follow-up events. */
  source: string;
}

/** What a handler declared with `defineConsumer` gets: the event's `data` parsed by its type's schema. */
export interface TypedEventContext<Type extends EventType> extends EventHandlerContext {
  data: EventData<Type>;
}

/** A consumer's handlers, one per event type it consumes, each typed by its event's data. */
export type TypedEventHandlers = {
  [Type in EventType]?: (context: TypedEventContext<Type>) => Promise<void>;
};

/**
 * Declares what a service consumes: its group (`<service>.<purpose>`, which names the service
 * whose inbox and outbox it uses), and a handler per event type. The topics follow from the
 * types. Each handler receives `data` parsed with the type's schema from @edu/contracts; data
 * that does not match it is a contract violation, retried and then dead-lettered like any failure.
 *
 * @example
 * export const entitlementsConsumer = defineConsumer('courses.entitlements', {
 *   COURSE_PURCHASED: async ({ tx, data }) => grantAccess(tx, data.userId, data.courseId),
 * });
 */
export function defineConsumer(
  group: `${ServiceName}.${string}`,
  handlers: TypedEventHandlers,
): ServiceConsumer {
  const service = group.slice(0, group.indexOf('.'));
  const types = Object.keys(handlers) as EventType[];
  const untyped: Partial<Record<EventType, EventHandler>> = {};
  for (const type of types) {
    // One handler per key of a mapped type: TypeScript cannot pair each key with its own
    // handler type in a loop, so the pairing is restated here, where the data is parsed for it.
    const handler = handlers[type] as ((context: TypedEventContext<EventType>) => Promise<void>) | undefined;
    if (!handler) continue;
    untyped[type] = async (context) =>
      handler({ ...context, data: parseEventData(type, context.event.data) });
  }
  const schema = pgSchema(service);
  return {
    group,
    topics: [...new Set(types.map((type) => TOPIC_OF_EVENT[type]))],
    handlers: untyped,
    inbox: defineInboxTable(schema),
    outbox: defineOutboxTable(schema),
    source: service,
  };
}

/**
 * Handles one delivered event at most once in effect: the inbox row and the handler's effect
 * commit together, so a redelivery finds the row and changes nothing. Returns false for a
 * duplicate or an event type the consumer ignores.
 */
export async function handleEventOnce(
  db: Database,
  consumer: ServiceConsumer,
  event: EventEnvelope,
  log: Logger,
): Promise<boolean> {
  if (!consumer.handlers[event.type]) return false;
  return db.transaction((tx) => handleInTransaction(tx, consumer, event, log));
}

/**
 * Handles several delivered events in one transaction (fewer commits when a consumer is
 * behind): all their effects commit together, or none do. Throws if any handler throws, so
 * the caller can fall back to `handleEventOnce` per event. Returns how many were handled.
 */
export async function handleEventsOnce(
  db: Database,
  consumer: ServiceConsumer,
  events: EventEnvelope[],
  log: Logger,
): Promise<number> {
  // One event id once, even if the transport delivered it twice in this batch.
  const relevant = [...new Map(events.map((event) => [event.id, event])).values()].filter(
    (event) => consumer.handlers[event.type],
  );
  if (relevant.length === 0) return 0;
  return db.transaction(async (tx) => {
    // One inbox insert for the batch: the rows it did not insert were handled before.
    const inserted = await tx
      .insert(consumer.inbox)
      .values(relevant.map((event) => ({ consumer: consumer.group, eventId: event.id })))
      .onConflictDoNothing()
      .returning({ eventId: consumer.inbox.eventId });
    const fresh = new Set(inserted.map((row) => row.eventId));
    const todo = relevant.filter((event) => fresh.has(event.id));
    for (const event of todo) await runHandler(tx, consumer, event, log);
    return todo.length;
  });
}

async function handleInTransaction(
  tx: Database,
  consumer: ServiceConsumer,
  event: EventEnvelope,
  log: Logger,
): Promise<boolean> {
  const inserted = await tx
    .insert(consumer.inbox)
    .values({ consumer: consumer.group, eventId: event.id })
    .onConflictDoNothing()
    .returning({ eventId: consumer.inbox.eventId });
  if (inserted.length === 0) return false;
  await runHandler(tx, consumer, event, log);
  return true;
}

/** Runs the event's handler inside `tx`, whose inbox row is already written. */
async function runHandler(tx: Database, consumer: ServiceConsumer, event: EventEnvelope, log: Logger) {
  const handler = consumer.handlers[event.type];
  if (!handler) return;
  const eventLog = log.child({
    correlationId: event.metadata.correlationId,
    eventId: event.id,
    eventType: event.type,
  });
  await handler({
    event,
    tx,
    log: eventLog,
    publish: async (events) => {
      await appendToOutbox(tx, consumer.outbox, events, {
        correlationId: event.metadata.correlationId,
        causationId: event.id,
        source: consumer.source,
      });
    },
  });
}

/** Whether `consumer` already handled `eventId` (for tests and operators). */
export async function wasHandled(db: Database, consumer: ServiceConsumer, eventId: string): Promise<boolean> {
  const rows = await db
    .select({ eventId: consumer.inbox.eventId })
    .from(consumer.inbox)
    .where(and(eq(consumer.inbox.consumer, consumer.group), eq(consumer.inbox.eventId, eventId)))
    .limit(1);
  return rows.length > 0;
}
