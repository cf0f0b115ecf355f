/**
 * Event machinery benchmark (run by hand, not in npm test): 10,000 events end to end, from the
 * commit of the request that wrote them to the handler's effect, through outbox → relay → bus →
 * consumer (inbox + effect in one transaction). Prints events/s and latency percentiles.
 *   bash scripts/services up [kafka]
 *   TEST_DATABASE_URL=postgres://edu:edu@127.0.0.1:55432/edu bun bench/events.ts postgres
 *   TEST_DATABASE_URL=... TEST_KAFKA_BROKERS=127.0.0.1:59092 bun bench/events.ts kafka
 * Without TEST_DATABASE_URL the Postgres log runs on in-memory PGlite.
 * Options: --events 10000 --concurrency 16 (requests in flight) --keys 1000 --partitions 8
 *   --backlog: commit all events first, then time relay → bus → consumer draining them.
 */

import { createLogger } from '@edu/platform';
import type { EventBus } from '@edu/platform/events';
import { createPostgresLogBus, startConsumer, startOutboxRelay } from '@edu/platform/events';
import { openTestDatabase, silentLogger } from '@edu/platform/testing';
import { isNull } from 'drizzle-orm';
import { producerOutbox } from '../packages/platform/test/events/pair/schema.ts';
import { createNotes, migratePair, pairConsumer } from '../packages/platform/test/events/pair.ts';

const args = process.argv.slice(2);
const transport = args.find((arg) => arg === 'postgres' || arg === 'kafka') ?? 'postgres';
const option = (name: string, fallback: number) => {
  const index = args.indexOf(`--${name}`);
  return index >= 0 ? Number(args[index + 1]) : fallback;
};
const total = option('events', 10_000);
const concurrency = option('concurrency', 16);
const keys = option('keys', 1_000);
const partitions = option('partitions', 8);
const backlog = args.includes('--backlog');

const database = await openTestDatabase();
await migratePair(database);
let bus: EventBus;
if (transport === 'kafka') {
  const brokers = process.env.TEST_KAFKA_BROKERS ?? process.env.KAFKA_BROKERS;
  if (!brokers) throw new Error('kafka needs TEST_KAFKA_BROKERS (bash scripts/services kafka)');
  const { createKafkaBus } = await import('@edu/platform/events/kafka');
  bus = await createKafkaBus({
    brokers: brokers.split(','),
    partitions,
    logger: process.env.BENCH_LOG ? createLogger({ level: 'debug' }) : silentLogger,
    clientId: 'bench',
    // The test broker keeps earlier runs' events: this run's group starts after them.
    newGroupsStartAt: 'latest',
  });
} else {
  bus = await createPostgresLogBus({
    db: database.db,
    logger: silentLogger,
    partitions,
    concurrency: partitions,
  });
}

const committedAt = new Map<string, number>();
const latencies: number[] = [];
let finish: () => void = () => {};
const allHandled = new Promise<void>((resolve) => {
  finish = resolve;
});
const group = `bench.${Date.now()}`;
const startRelay = () =>
  startOutboxRelay({ db: database.db, outbox: producerOutbox, bus, logger: silentLogger });
// --backlog: commit every event first, then measure how fast relay → bus → consumer drain them.
let relay = backlog ? undefined : startRelay();
const consumer = await startConsumer({
  bus,
  db: database.db,
  logger: silentLogger,
  consumer: pairConsumer(group, {
    onHandled: (eventId) => {
      const started = committedAt.get(eventId);
      if (started === undefined) return;
      committedAt.delete(eventId);
      latencies.push(performance.now() - started);
      if (latencies.length === total) finish();
    },
  }),
});
if (transport === 'kafka') await new Promise((resolve) => setTimeout(resolve, 3_000)); // let the group settle

console.error(
  `[bench] ${transport}: ${total} events, ${concurrency} requests in flight, ${keys} keys, ${partitions} partitions`,
);
const started = performance.now();
const progress = process.env.BENCH_PROGRESS
  ? setInterval(async () => {
      const pending = await database.db.$count(producerOutbox, isNull(producerOutbox.publishedAt));
      console.error(
        `[bench] ${Math.round(performance.now() - started)} ms: committed ${next}, unpublished ${pending}, handled ${latencies.length}`,
      );
    }, 1_000)
  : undefined;
let next = 0;
const producers = Array.from({ length: concurrency }, async () => {
  while (next < total) {
    const seq = next++;
    const [id] = await createNotes(database.db, [{ key: `key-${seq % keys}`, seq }]);
    if (id) committedAt.set(id, performance.now());
    relay?.notify();
  }
});
await Promise.all(producers);
const producedIn = performance.now() - started;
const drainStarted = performance.now();
if (backlog) {
  for (const id of committedAt.keys()) committedAt.set(id, drainStarted);
  relay = startRelay();
}
await allHandled;
const elapsed = performance.now() - (backlog ? drainStarted : started);
clearInterval(progress);

latencies.sort((a, b) => a - b);
const percentile = (p: number) =>
  latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))] ?? 0;
const result = {
  transport,
  database: database.driver,
  events: total,
  producedPerSecond: Math.round(total / (producedIn / 1000)),
  mode: backlog ? 'backlog (latency counts from the relay start)' : 'live',
  endToEndPerSecond: Math.round(total / (elapsed / 1000)),
  latencyMs: {
    p50: Math.round(percentile(50)),
    p95: Math.round(percentile(95)),
    p99: Math.round(percentile(99)),
    max: Math.round(latencies.at(-1) ?? 0),
  },
};
console.log(JSON.stringify(result, null, 2));
await consumer.stop();
await relay?.stop();
await bus.close();
await database.close();
process.exit(0);
