import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import { type Database, queryRows } from '../db/index.ts';
import type { BusMessage } from './bus.ts';
import { type DeadLetterStatus, deadLetters } from './bus-schema.ts';

export type DeadLetter = typeof deadLetters.$inferSelect;

/** Records that `group` gave up on a message; a later failure of the same event updates the row. */
export async function recordDeadLetter(
  db: Database,
  entry: { group: string; message: BusMessage; error: string; attempts: number },
): Promise<void> {
  const { group, message } = entry;
  await db
    .insert(deadLetters)
    .values({
      groupId: group,
      topic: message.topic,
      key: message.key,
      eventId: message.envelope.id,
      envelope: message.envelope,
      error: entry.error,
      attempts: entry.attempts,
    })
    .onConflictDoUpdate({
      target: [deadLetters.groupId, deadLetters.eventId],
      set: {
        error: entry.error,
        attempts: sql`${deadLetters.attempts} + ${entry.attempts}`,
        status: 'dead',
        failedAt: new Date(),
      },
    });
}

/** Dead letters, oldest first, optionally only one group's or one status's. */
export async function listDeadLetters(
  db: Database,
  filter: { group?: string; status?: DeadLetterStatus } = {},
): Promise<DeadLetter[]> {
  return db
    .select()
    .from(deadLetters)
    .where(
      and(
        filter.group ? eq(deadLetters.groupId, filter.group) : undefined,
        filter.status ? eq(deadLetters.status, filter.status) : undefined,
      ),
    )
    .orderBy(asc(deadLetters.id));
}

/**
 * Asks the owning consumer group to handle dead letters again (`ids`, or every dead one).
 * The group's running consumers pick them up; the inbox keeps a replay from doing anything twice.
 * Returns how many were queued.
 */
export async function requestReplay(
  db: Database,
  target: { ids: number[] } | { all: true },
): Promise<number> {
  const rows = await db
    .update(deadLetters)
    .set({ status: 'replay' })
    .where(
      and(eq(deadLetters.status, 'dead'), 'ids' in target ? inArray(deadLetters.id, target.ids) : undefined),
    )
    .returning({ id: deadLetters.id });
  return rows.length;
}

/** Takes up to `limit` of `group`'s queued replays, so that no other consumer takes them too. */
export async function claimReplays(db: Database, group: string, limit = 20): Promise<DeadLetter[]> {
  const claimed = await queryRows<{ id: string | number }>(
    db,
    sql`update eventbus.dead_letters set status = 'replaying'
        where id in (
          select id from eventbus.dead_letters
          where group_id = ${group} and status = 'replay'
          order by id limit ${limit}
          for update skip locked)
        returning id`,
  );
  if (claimed.length === 0) return [];
  return db
    .select()
    .from(deadLetters)
    .where(
      inArray(
        deadLetters.id,
        claimed.map((row) => Number(row.id)),
      ),
    )
    .orderBy(asc(deadLetters.id));
}

/** Marks a replayed dead letter as handled. */
export async function markReplayed(db: Database, id: number): Promise<void> {
  await db
    .update(deadLetters)
    .set({ status: 'replayed', replayedAt: new Date() })
    .where(eq(deadLetters.id, id));
}
