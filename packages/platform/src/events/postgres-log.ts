import { EventEnvelopeSchema, TOPICS, type Topic } from '@edu/contracts';
import { and, asc, eq, sql } from 'drizzle-orm';
import { type Database, queryRows } from '../db/index.ts';
import { readJsonb } from '../db/jsonb.ts';
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
import { consumerOffsets, partitions, topics } from './bus-schema.ts';

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
    // Each message's place within its partition's share of this batch (1-based), in order.
    const counts = new Map<string, number>();
    const rows = messages.map((message) => {
      const partition = partitionOf(message.key, partitionCount.get(message.topic) ?? 1);
      const id = `${message.topic}/${partition}`;
      const index = (counts.get(id) ?? 0) + 1;
      counts.set(id, index);
      return {
        topic: message.topic,
        partition,
        index,
        key: message.key,
        event_id: message.envelope.id,
        envelope: message.envelope,
      };
    });
    // One statement (so one implicit transaction, one round trip): lock the partitions in one
    // global order (so two publishers never deadlock), move each partition's end by its share,
    // and append the rows at the offsets that frees. A row whose event id is already in the log
    // (a relay that crashed before marking it sent) is skipped, leaving a gap consumers step over.
    const [result] = await queryRows<{ partitions: number }>(
      db,
      sql`with input as (
        select * from jsonb_to_recordset(${JSON.stringify(rows)}::text::jsonb)
          as r(topic text, partition int, index int, key text, event_id text, envelope jsonb)
      ), shares as (
        select topic, partition, count(*)::bigint as n from input group by topic, partition
      ), locked as materialized (
        select p.topic, p.partition from eventbus.partitions p
        join shares s on s.topic = p.topic and s.partition = p.partition
        order by p.topic, p.partition
        for update of p
      ), moved as (
        update eventbus.partitions p set last_offset = p.last_offset + s.n
        from locked l join shares s on s.topic = l.topic and s.partition = l.partition
        where p.topic = l.topic and p.partition = l.partition
        returning p.topic, p.partition, p.last_offset, s.n
      ), appended as (
        insert into eventbus.log (topic, partition, "offset", key, event_id, envelope)
        select i.topic, i.partition, m.last_offset - m.n + i.index, i.key, i.event_id, i.envelope
        from input i join moved m on m.topic = i.topic and m.partition = i.partition
        order by i.topic, i.partition, i.index
        on conflict (event_id) do nothing
        returning 1
      )
      select (select count(*) from moved)::int as partitions`,
    );
    if (Number(result?.partitions) !== counts.size) {
      // Cannot happen for the topics ensureTopics created; refuse rather than drop events.
      throw new Error(`Unknown topic partition among ${[...counts.keys()].join(', ')}`);
    }
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
  // One statement claims the partition (lease) and reads its next batch: the rows after our
  // position up to the partition's end as the claim saw it. Every row up to that end has
  // committed (the end moves in the statement that appends them), so none is skipped.
  // A claimed partition whose pending offsets are all gaps answers one row with no offset.
  const claimed = await queryRows<{
    topic: string;
    partition: number;
    position: string | number;
    end_offset: string | number;
    offset: string | number | null;
    key: string | null;
    envelope: unknown;
  }>(
    db,
    sql`with candidate as (
      select c.group_id, c.topic, c.partition, p.last_offset from eventbus.consumer_offsets c
      join eventbus.partitions p on p.topic = c.topic and p.partition = c.partition
      where c.group_id = ${group} and c.topic in (${topicList}) and p.last_offset > c.position
        and (c.lease_until is null or c.lease_until < now() or c.lease_owner = ${owner})
      order by c.updated_at
      limit 1
      for update of c skip locked
    ), claim as (
      update eventbus.consumer_offsets o
      set lease_owner = ${owner}, lease_until = ${leaseEnd(member.leaseMs)}
      from candidate
      where o.group_id = candidate.group_id and o.topic = candidate.topic and o.partition = candidate.partition
      returning o.topic, o.partition, o.position, candidate.last_offset
    )
    select claim.topic, claim.partition, claim.position, claim.last_offset as end_offset,
      batch."offset", batch.key, batch.envelope
    from claim left join lateral (
      select l."offset", l.key, l.envelope from eventbus.log l
      where l.topic = claim.topic and l.partition = claim.partition
        and l."offset" > claim.position and l."offset" <= claim.last_offset
      order by l."offset"
      limit ${member.batchSize}
    ) batch on true
    order by batch."offset"`,
  );
  const claim = claimed[0];
  if (!claim) return null;
  const where = and(
    eq(consumerOffsets.groupId, group),
    eq(consumerOffsets.topic, claim.topic),
    eq(consumerOffsets.partition, Number(claim.partition)),
    eq(consumerOffsets.leaseOwner, owner),
  );
  const rows = claimed.flatMap((row) =>
    row.offset === null || row.key === null
      ? []
      : [{ offset: Number(row.offset), key: row.key, envelope: readJsonb(row.envelope) }],
  );
  // Handled events move `position`; it is committed once, with the lease release, when the
  // batch ends (or fails part-way). A crash before that redelivers the batch: the inbox makes
  // the repeats no-ops, and one write per batch instead of per event keeps the log fast.
  let position = Number(claim.position);
  const endOffset = Number(claim.end_offset);
  try {
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
