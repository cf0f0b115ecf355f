import { inArray, lt, sql } from 'drizzle-orm';
import { type Database, queryRows } from '../db/index.ts';
import type { Logger } from '../logger.ts';
import { pause } from './bus.ts';
import type { OutboxTable } from './outbox.ts';

/** How much one statement deletes, so pruning never holds long locks or builds one huge transaction. */
const CHUNK = 5_000;

/**
 * Deletes Postgres-log events that every consumer group of their partition has handled and that
 * are older than `retainMs`; answers how many. Events no group has reached yet, and partitions no
 * group reads, are kept whatever their age: nothing is dropped before it is delivered.
 */
export async function pruneEventLog(db: Database, retainMs: number): Promise<number> {
  const cutoff = new Date(Date.now() - retainMs).toISOString();
  let deleted = 0;
  for (;;) {
    const rows = await queryRows<{ count: number }>(
      db,
      sql`with handled as (
        select topic, partition, min(position) as low from eventbus.consumer_offsets group by topic, partition
      ), doomed as (
        select l.topic, l.partition, l."offset" from eventbus.log l
        join handled h on h.topic = l.topic and h.partition = l.partition
        where l."offset" <= h.low and l.published_at < ${cutoff}::timestamptz
        limit ${CHUNK}
      ), gone as (
        delete from eventbus.log l using doomed d
        where l.topic = d.topic and l.partition = d.partition and l."offset" = d."offset"
        returning 1
      )
      select count(*)::int as count from gone`,
    );
    const count = Number(rows[0]?.count ?? 0);
    deleted += count;
    if (count < CHUNK) return deleted;
  }
}

/** Deletes outbox rows published more than `retainMs` ago (kept until then for operators); answers how many. */
export async function pruneOutbox(db: Database, outbox: OutboxTable, retainMs: number): Promise<number> {
  const cutoff = new Date(Date.now() - retainMs);
  let deleted = 0;
  for (;;) {
    const doomed = db
      .select({ seq: outbox.seq })
      .from(outbox)
      .where(lt(outbox.publishedAt, cutoff))
      .limit(CHUNK);
    const rows = await db.delete(outbox).where(inArray(outbox.seq, doomed)).returning({ seq: outbox.seq });
    deleted += rows.length;
    if (rows.length < CHUNK) return deleted;
  }
}

export interface RetentionOptions {
  db: Database;
  logger: Logger;
  outboxes: OutboxTable[];
  /** Whether the bus is the Postgres log (Kafka keeps its own retention). */
  pruneLog: boolean;
  retainMs: number;
  everyMs: number;
}

/** Prunes the log and the outboxes every `everyMs` until stopped; a failed round is logged and retried next time. */
export function startRetention(options: RetentionOptions): { stop(): Promise<void> } {
  const stopping = new AbortController();
  const log = options.logger.child({ component: 'event-retention' });
  const loop = (async () => {
    while (!stopping.signal.aborted) {
      await pause(options.everyMs, stopping.signal);
      if (stopping.signal.aborted) break;
      try {
        const events = options.pruneLog ? await pruneEventLog(options.db, options.retainMs) : 0;
        let outboxRows = 0;
        for (const outbox of options.outboxes)
          outboxRows += await pruneOutbox(options.db, outbox, options.retainMs);
        if (events + outboxRows > 0) log.info('pruned handled events', { events, outboxRows });
      } catch (error) {
        log.warn('pruning failed; trying again next round', { error });
      }
    }
  })();
  return {
    stop: async () => {
      stopping.abort();
      await loop;
    },
  };
}
