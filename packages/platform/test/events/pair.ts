/**
 * The test service pair (see pair/schema.ts) and helpers the event suites share: create
 * notes the way a request would (state + outbox in one transaction), a consumer that
 * records effects, and polling until the effects show up.
 */
import { newId } from '@edu/contracts';
import { and, asc, eq, inArray, like } from 'drizzle-orm';
import type { Database, DatabaseHandle } from '../../src/db/index.ts';
import type { ServiceConsumer } from '../../src/events/consumer.ts';
import { EVENTBUS_MIGRATION_TARGET } from '../../src/events/migrations.ts';
import { appendToOutbox, type NewEvent } from '../../src/events/outbox.ts';
import { consumerInbox, consumerOutbox, effects, notes, producerOutbox } from './pair/schema.ts';

const PAIR_MIGRATIONS = new URL('./pair/migrations', import.meta.url).pathname;

export async function migratePair(database: DatabaseHandle): Promise<void> {
  await database.migrate(EVENTBUS_MIGRATION_TARGET);
  await database.migrate({ migrationsFolder: PAIR_MIGRATIONS, service: 'evt_pair' });
}

export interface NoteInput {
  key: string;
  seq: number;
  poison?: boolean;
}

/** What a request handler does: the notes and their events commit together. Returns the event ids. */
export async function createNotes(
  db: Database,
  input: NoteInput[],
  correlationId = newId(),
): Promise<string[]> {
  return db.transaction(async (tx) => {
    await tx.insert(notes).values(input.map((note) => ({ id: newId(), key: note.key, seq: note.seq })));
    const envelopes = await appendToOutbox(
      tx,
      producerOutbox,
      // The bus carries any data; these notes are no course, so they skip the contract's types.
      input.map((note) => ({
        type: 'COURSE_CREATED' as const,
        key: note.key,
        data: { key: note.key, seq: note.seq, poison: note.poison === true },
      })) as unknown as NewEvent[],
      { correlationId, source: 'evt_producer' },
    );
    return envelopes.map((envelope) => envelope.id);
  });
}

/**
 * The consumer of the pair. A note created with `poison` makes its handler throw while
 * `isHealed()` says no, so tests can fix the "bug" and replay the dead letter.
 */
export function pairConsumer(
  group: string,
  options: { isHealed?: () => boolean; delayMs?: number; onHandled?: (eventId: string) => void } = {},
): ServiceConsumer {
  return {
    group,
    topics: ['course-events'],
    inbox: consumerInbox,
    outbox: consumerOutbox,
    source: 'evt_consumer',
    handlers: {
      COURSE_CREATED: async ({ event, tx }) => {
        const key = String(event.data.key ?? '');
        if (event.data.poison === true && !(options.isHealed?.() ?? false)) {
          throw new Error(`poison note ${event.id}`);
        }
        await tx.insert(effects).values({
          consumer: group,
          eventId: event.id,
          key: key || 'unknown',
          seq: Number(event.data.seq),
          // The process clock, not the transaction's start: the benchmark measures latency with it.
          handledAt: new Date(),
        });
        // A pause inside the transaction widens the window a killed process dies in.
        if (options.delayMs) await new Promise((resolve) => setTimeout(resolve, options.delayMs));
        options.onHandled?.(event.id);
      },
    },
  };
}

export type Effect = { eventId: string; key: string; seq: number };

/** The effects `group` committed for keys starting with `keyPrefix`, in the order they committed. */
export async function effectsOf(db: Database, group: string, keyPrefix = ''): Promise<Effect[]> {
  return db
    .select({ eventId: effects.eventId, key: effects.key, seq: effects.seq })
    .from(effects)
    .where(and(eq(effects.consumer, group), like(effects.key, `${keyPrefix}%`)))
    .orderBy(asc(effects.id));
}

/** How many of `eventIds` have an effect for `group` (counting duplicates). */
export async function countEffects(db: Database, group: string, eventIds: string[]): Promise<number> {
  const rows = await db
    .select({ eventId: effects.eventId })
    .from(effects)
    .where(and(eq(effects.consumer, group), inArray(effects.eventId, eventIds)));
  return rows.length;
}

/** Polls `check` until it is true, or fails after `timeoutMs` with `what`. */
export async function waitUntil(what: string, check: () => Promise<boolean>, timeoutMs = 20_000) {
  const started = Date.now();
  while (!(await check())) {
    if (Date.now() - started > timeoutMs)
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}
