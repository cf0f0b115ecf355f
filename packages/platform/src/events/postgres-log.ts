import { EventEnvelopeSchema, TOPICS, type Topic } from '@edu/contracts';
import { and, asc, eq, gt, lte, sql } from 'drizzle-orm';
import { type Database, queryRows } from '../db/index.ts';
import type { Logger } from '../logger.ts';
import {
  type BusMessage,
  createWakeup,
  type EventBus,
  type MessageHandler,
  type PartitionLag,
  partitionOf,
  pause,
  type Subscription,
  type Wakeup,
} from './bus.ts';
import { consumerOffsets, log, partitions, topics } from './bus-schema.ts';

export interface PostgresLogOptions {
  /** The database holding the `eventbus` schema (migrated with EVENTBUS_MIGRATIONS). */
  db: Database;
  logger: Logger;
  /** Partitions per topic when a topic is first created; later starts keep the stored count. */
  partitions?: number;
  /** How often an idle consumer looks for new events published by other processes. */
  pollMs?: number;
  /** How many events a consumer takes from one partition at a time. */
  batchSize?: number;
  /** How many partitions one subscription works at once. */
  concurrency?: number;
  /** How long a consumer holds a partition without renewing; a crashed one frees it after this. */
  leaseMs?: number;
  /**
   * After a short batch (the consumer has caught up), how long a worker lets events gather
   * before its next claim, so it takes batches rather than one event per round of queries.
   */
  lingerMs?: number;
}

/**
 * The Postgres log transport: events are rows in `eventbus.log`, ordered per partition;
 * each consumer group keeps an offset per partition and a lease on the partition it works,
 * taken with `FOR UPDATE SKIP LOCKED`, so consumers of one group never work one partition
 * at the same time. Works on PGlite, PostgreSQL and Neon. Publishing in this process wakes
 * this process's consumers at once; others find new events by polling.
 */
export async function createPostgresLogBus(options: PostgresLogOptions): Promise<EventBus> {
  const { db, logger } = options;
  const pollMs = options.pollMs ?? 250;
  const batchSize = options.batchSize ?? 100;
  const concurrency = options.concurrency ?? 4;
  const leaseMs = options.leaseMs ?? 30_000;
  const lingerMs = options.lingerMs ?? 25;
  const partitionCount = await ensureTopics(db, options.partitions ?? 4);
  const wakeups = new Set<Wakeup>();

  async function publish(messages: BusMessage[]): Promise<void> {
    if (messages.length === 0) return;
    const groups = new Map<string, { topic: Topic; partition: number; messages: BusMessage[] }>();
    for (const message of messages) {
      const partition = partitionOf(message.key, partitionCount.get(message.topic) ?? 1);
      const id = `${message.topic}/${partition}`;
      const group = groups.get(id) ?? { topic: message.topic, partition, messages: [] };
      group.messages.push(message);
      groups.set(id, group);
    }
    // Partitions are locked in one global order, so two publishers never deadlock.
    const ordered = [...groups.values()].sort((a, b) =>
      a.topic === b.topic ? a.partition - b.partition : a.topic < b.topic ? -1 : 1,
    );
    await db.transaction(async (tx) => {
      const rows: Array<typeof log.$inferInsert> = [];
      for (const group of ordered) {
        const [row] = await tx
          .update(partitions)
          .set({ lastOffset: sql`${partitions.lastOffset} + ${group.messages.length}` })
          .where(and(eq(partitions.topic, group.topic), eq(partitions.partition, group.partition)))
          .returning({ lastOffset: partitions.lastOffset });
        if (!row) throw new Error(`Unknown topic partition ${group.topic}/${group.partition}`);
        const first = row.lastOffset - group.messages.length + 1;
        group.messages.forEach((message, index) => {
          rows.push({
            topic: group.topic,
            partition: group.partition,
            offset: first + index,
            key: message.key,
            eventId: message.envelope.id,
            envelope: message.envelope,
          });
        });
      }
      // One insert for every partition's rows: fewer round trips while the partition rows are locked.
      await tx.insert(log).values(rows).onConflictDoNothing({ target: log.eventId });
    });
    for (const wakeup of wakeups) wakeup.notify();
  }

  async function subscribe(subscription: {
    group: string;
    topics: Topic[];
    handle: MessageHandler;
  }): Promise<Subscription> {
    const rows = subscription.topics.flatMap((topic) =>
      Array.from({ length: partitionCount.get(topic) ?? 1 }, (_, partition) => ({
        groupId: subscription.group,
        topic,
        partition,
      })),
    );
    await db.insert(consumerOffsets).values(rows).onConflictDoNothing();
    const memberId = crypto.randomUUID();
    const stopping = new AbortController();
    const wakeup = createWakeup();
    wakeups.add(wakeup);
    // Each worker is its own lease owner, so it may take back a lease it could not release
    // (e.g. the database went away mid-batch) without waiting for it to expire.
    const workers = Array.from({ length: concurrency }, (_, index) =>
      runWorker(
        { ...subscription, owner: `${memberId}/${index}`, db, batchSize, leaseMs, logger },
        wakeup,
        pollMs,
        lingerMs,
        stopping.signal,
      ),
    );
    return {
      stop: async () => {
        stopping.abort();
        wakeups.delete(wakeup);
        await Promise.all(workers);
      },
    };
  }

  return {
    kind: 'postgres-log',
    publish,
    subscribe,
    lag: () => postgresLogLag(db),
    close: async () => {},
  };
}

/** Creates the topics and their partitions once; returns each topic's partition count. */
async function ensureTopics(db: Database, count: number): Promise<Map<string, number>> {
  await db
    .insert(topics)
    .values(TOPICS.map((topic) => ({ topic, partitions: count })))
    .onConflictDoNothing();
  const stored = await db.select().from(topics);
  await db
    .insert(partitions)
    .values(
      stored.flatMap((row) =>
        Array.from({ length: row.partitions }, (_, p) => ({ topic: row.topic, partition: p })),
      ),
    )
    .onConflictDoNothing();
  return new Map(stored.map((row) => [row.topic, row.partitions]));
}

interface Member {
  group: string;
  topics: Topic[];
  handle: MessageHandler;
  owner: string;
  db: Database;
  batchSize: number;
  leaseMs: number;
  logger: Logger;
}

async function runWorker(
  member: Member,
  wakeup: Wakeup,
  pollMs: number,
  lingerMs: number,
  signal: AbortSignal,
) {
  let failures = 0;
  while (!signal.aborted) {
    try {
      const handled = await workOnePartition(member, signal);
      failures = 0;
      if (handled === null) await wakeup.wait(pollMs, signal);
      // A short batch means the consumer has caught up: let a few ms of events gather so the
      // next claim takes a batch, not one event per round of queries.
      if (handled !== null && handled < member.batchSize && lingerMs > 0) await pause(lingerMs, signal);
    } catch (error) {
      // The database may be briefly unreachable; back off and try again rather than die.
      failures++;
      member.logger.warn('event log consumer failed, retrying', { group: member.group, error });
      await pause(Math.min(pollMs * 2 ** failures, 5_000), signal);
    }
  }
}

/**
 * Claims one partition with pending events, handles a batch in order, and releases it.
 * Returns how many events it handled, or null when no partition had pending events.
 */
async function workOnePartition(member: Member, signal: AbortSignal): Promise<number | null> {
  const { db, group, owner } = member;
  const topicList = sql.join(
    member.topics.map((topic) => sql`${topic}`),
    sql`, `,
  );
  const [claim] = await queryRows<{ topic: string; partition: number; position: string }>(
    db,
    sql`with candidate as (
      select c.group_id, c.topic, c.partition from eventbus.consumer_offsets c
      join eventbus.partitions p on p.topic = c.topic and p.partition = c.partition
      where c.group_id = ${group} and c.topic in (${topicList}) and p.last_offset > c.position
        and (c.lease_until is null or c.lease_until < now() or c.lease_owner = ${owner})
      order by c.updated_at
      limit 1
      for update of c skip locked
    )
    update eventbus.consumer_offsets o
    set lease_owner = ${owner}, lease_until = ${leaseEnd(member.leaseMs)}
    from candidate
    where o.group_id = candidate.group_id and o.topic = candidate.topic and o.partition = candidate.partition
    returning o.topic, o.partition, o.position`,
  );
  if (!claim) return null;
  const where = and(
    eq(consumerOffsets.groupId, group),
    eq(consumerOffsets.topic, claim.topic),
    eq(consumerOffsets.partition, claim.partition),
    eq(consumerOffsets.leaseOwner, owner),
  );
  // Handled events move `position`; it is committed once, with the lease release, when the
  // batch ends (or fails part-way). A crash before that redelivers the batch: the inbox makes
  // the repeats no-ops, and one write per batch instead of per event keeps the log fast.
  let position = Number(claim.position);
  try {
    // Read the partition's end first: every row up to it has committed (see `partitions`).
    const [end] = await db
      .select({ lastOffset: partitions.lastOffset })
      .from(partitions)
      .where(and(eq(partitions.topic, claim.topic), eq(partitions.partition, claim.partition)));
    const endOffset = end?.lastOffset ?? 0;
    const rows = await db
      .select()
      .from(log)
      .where(
        and(
          eq(log.topic, claim.topic),
          eq(log.partition, claim.partition),
          gt(log.offset, position),
          lte(log.offset, endOffset),
        ),
      )
      .orderBy(asc(log.offset))
      .limit(member.batchSize);
    const last = rows.at(-1);
    if (last && !signal.aborted) {
      await member.handle(
        rows.map((row) => ({
          topic: claim.topic as Topic,
          key: row.key,
          envelope: EventEnvelopeSchema.parse(row.envelope),
        })),
      );
      position = last.offset;
    }
    if (signal.aborted) return rows.length;
    // Offsets skipped by deduplicated publishes leave gaps; jump over them to the end.
    if (rows.length < member.batchSize) position = Math.max(position, endOffset);
    return rows.length;
  } finally {
    // Only while we still hold the lease: if it ran out and another member took the
    // partition, that member carries on from the last committed position.
    await db
      .update(consumerOffsets)
      .set({ position, leaseOwner: null, leaseUntil: null, updatedAt: new Date() })
      .where(where);
  }
}

const leaseEnd = (ms: number) => sql`now() + make_interval(secs => ${ms / 1000})`;

/** Every group's position and lag per partition. */
export async function postgresLogLag(db: Database): Promise<PartitionLag[]> {
  const rows = await db
    .select({
      group: consumerOffsets.groupId,
      topic: consumerOffsets.topic,
      partition: consumerOffsets.partition,
      position: consumerOffsets.position,
      end: partitions.lastOffset,
    })
    .from(consumerOffsets)
    .innerJoin(
      partitions,
      and(eq(partitions.topic, consumerOffsets.topic), eq(partitions.partition, consumerOffsets.partition)),
    )
    .orderBy(asc(consumerOffsets.groupId), asc(consumerOffsets.topic), asc(consumerOffsets.partition));
  return rows.map((row) => ({ ...row, lag: Math.max(0, row.end - row.position) }));
}
