/**
 * Event machinery benchmark (run by hand, not in npm test): 10,000 events end to end, from the
 * commit of the request that wrote them to the handler's effect, through outbox → relay → bus →
 * consumer (inbox + effect in one transaction). Prints events/s and latency percentiles.
 *   bash scripts/services up kafka
 *   TEST_DATABASE_URL=postgres://edu:edu@127.0.0.1:55432/edu bun bench/events.ts postgres --child
 *   TEST_DATABASE_URL=... TEST_KAFKA_BROKERS=127.0.0.1:59092 bun bench/events.ts kafka --child
 * Without TEST_DATABASE_URL everything runs in this process on in-memory PGlite.
 * Options: --events 10000  --concurrency 16 (requests in flight)  --keys 1000  --partitions 8
 *   --per-commit 1 (events each request commits together, e.g. a bulk enrollment; 1 = one per commit)
 *   --rate 0   open loop: commit this many events per second whatever the pipeline does (latency
 *              then means something: a closed loop at saturation only measures its own queue);
 *              0 = closed loop, as fast as the requests in flight allow
 *   --child    the consumer runs in its own process (bench/events-consumer.ts), as deployed;
 *              latency = the handler's clock minus the request's commit (same machine clock)
 *   --backlog  commit every event first, then time how fast relay → bus → consumer drain them
 */
import { openPostgres } from '@edu/platform/db/postgres';
import {
  createPostgresLogBus,
  type EventBus,
  type OutboxRelay,
  startConsumer,
  startOutboxRelay,
} from '@edu/platform/events';
import { openTestDatabase, silentLogger } from '@edu/platform/testing';
import { and, eq, isNull } from 'drizzle-orm';
import { effects, producerOutbox } from '../packages/platform/test/events/pair/schema.ts';
import { createNotes, migratePair, pairConsumer } from '../packages/platform/test/events/pair.ts';
import { openServerDatabase } from '../packages/platform/test/events/server-database.ts';

const args = process.argv.slice(2);
const transport = args.includes('kafka') ? 'kafka' : 'postgres';
const option = (name: string, fallback: number) => {
  const index = args.indexOf(`--${name}`);
  return index >= 0 ? Number(args[index + 1]) : fallback;
};
const total = option('events', 10_000);
const concurrency = option('concurrency', 16);
const keys = option('keys', 1_000);
const partitions = option('partitions', 8);
const perCommit = Math.max(1, option('per-commit', 1));
const rate = option('rate', 0);
const backlog = args.includes('--backlog');
const serverUrl = process.env.TEST_DATABASE_URL;
const brokers = process.env.TEST_KAFKA_BROKERS ?? process.env.KAFKA_BROKERS;
const child = args.includes('--child');
if (child && !serverUrl) throw new Error('--child needs TEST_DATABASE_URL (a server both processes reach)');
if (transport === 'kafka' && !brokers)
  throw new Error('kafka needs TEST_KAFKA_BROKERS (bash scripts/services kafka)');

const database = serverUrl ? await openServerDatabase(serverUrl) : await openTestDatabase();
await migratePair(database);
const group = `bench.${Date.now()}`;

async function openBus(): Promise<EventBus> {
  if (transport === 'kafka') {
    const { createKafkaBus } = await import('@edu/platform/events/kafka');
    // The test broker keeps earlier runs' events: this run's group starts after them.
    const options = {
      partitions,
      logger: silentLogger,
      clientId: 'bench',
      newGroupsStartAt: 'latest' as const,
    };
    return createKafkaBus({ brokers: (brokers ?? '').split(','), ...options });
  }
  return createPostgresLogBus({ db: database.db, logger: silentLogger, partitions, concurrency: partitions });
}
const bus = await openBus();

// The consumer: in this process (its own pool on a server), or in a child process.
const committedAt = new Map<string, number>();
const handledAt = new Map<string, number>();
let stopConsumer: () => Promise<void>;
if (child && 'url' in database) {
  const consumerProcess = Bun.spawn(
    [process.execPath, new URL('./events-consumer.ts', import.meta.url).pathname],
    {
      env: {
        ...process.env,
        DATABASE_URL: String(database.url),
        GROUP: group,
        TRANSPORT: transport,
        KAFKA_BROKERS: brokers ?? '',
        PARTITIONS: String(partitions),
      },
      stdout: 'pipe',
      stderr: 'inherit',
    },
  );
  const reader = consumerProcess.stdout.getReader();
  for (let text = ''; !text.includes('ready'); ) {
    const { value, done } = await reader.read();
    if (done) throw new Error('the consumer process exited before it was ready');
    text += new TextDecoder().decode(value);
  }
  stopConsumer = async () => {
    consumerProcess.kill('SIGTERM');
    await consumerProcess.exited;
  };
} else {
  const consumerSide =
    'url' in database ? openPostgres(String(database.url), { maxConnections: 10 }) : database;
  const consumer = await startConsumer({
    bus,
    db: consumerSide.db,
    logger: silentLogger,
    consumer: pairConsumer(group, { onHandled: (eventId) => handledAt.set(eventId, Date.now()) }),
  });
  stopConsumer = async () => {
    await consumer.stop();
    if (consumerSide !== database) await consumerSide.close();
  };
}
if (transport === 'kafka') await new Promise((resolve) => setTimeout(resolve, 3_000)); // let the group settle

const countHandled = async () =>
  child ? database.db.$count(effects, eq(effects.consumer, group)) : handledAt.size;
const startRelay = () =>
  startOutboxRelay({ db: database.db, outbox: producerOutbox, bus, logger: silentLogger });
let relay: OutboxRelay | undefined = backlog ? undefined : startRelay();
const mode = `${child ? 'consumer in a child process' : 'one process'}, ${backlog ? 'backlog' : 'live'}`;
console.error(
  `[bench] ${transport}, ${mode}: ${total} events, ${concurrency} in flight, ${perCommit} per commit, ` +
    `${rate > 0 ? `open loop at ${rate}/s` : 'closed loop'}, ${keys} keys`,
);

const started = Date.now();
const progress = process.env.BENCH_PROGRESS
  ? setInterval(async () => {
      const pending = await database.db.$count(producerOutbox, isNull(producerOutbox.publishedAt));
      const handled = await countHandled();
      console.error(
        `[bench] ${Date.now() - started} ms: committed ${next}, unpublished ${pending}, handled ${handled}`,
      );
    }, 1_000)
  : undefined;
let next = 0;
await Promise.all(
  Array.from({ length: concurrency }, async () => {
    while (next < total) {
      // Open loop: the n-th event is due at n / rate seconds after the start.
      if (rate > 0) {
        const due = started + (next / rate) * 1000;
        if (due > Date.now()) await Bun.sleep(due - Date.now());
        if (next >= total) break;
      }
      const first = next;
      next = Math.min(total, next + perCommit);
      const notes = Array.from({ length: next - first }, (_, index) => ({
        key: `key-${(first + index) % keys}`,
        seq: first + index,
      }));
      const ids = await createNotes(database.db, notes);
      const at = Date.now();
      for (const id of ids) committedAt.set(id, at);
      relay?.notify();
    }
  }),
);
const producedIn = Date.now() - started;
const drainStarted = Date.now();
if (backlog) {
  for (const id of committedAt.keys()) committedAt.set(id, drainStarted);
  relay = startRelay();
}
while ((await countHandled()) < total) await new Promise((resolve) => setTimeout(resolve, 20));
clearInterval(progress);

if (child) {
  const rows = await database.db
    .select({ eventId: effects.eventId, handledAt: effects.handledAt })
    .from(effects)
    .where(and(eq(effects.consumer, group)));
  for (const row of rows) handledAt.set(row.eventId, row.handledAt.getTime());
}
const latencies = [...committedAt]
  .map(([id, at]) => (handledAt.get(id) ?? Number.NaN) - at)
  .sort((a, b) => a - b);
const lastEffect = Math.max(...handledAt.values());
const percentile = (p: number) =>
  Math.round(latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))] ?? 0);
console.log(
  JSON.stringify({
    transport,
    mode,
    database: database.driver,
    events: total,
    eventsPerCommit: perCommit,
    targetRate: rate > 0 ? rate : null,
    committedPerSecond: Math.round(total / (producedIn / 1000)),
    endToEndPerSecond: Math.round(total / ((lastEffect - (backlog ? drainStarted : started)) / 1000)),
    latencyMs: { p50: percentile(50), p95: percentile(95), p99: percentile(99), max: percentile(100) },
  }),
);
await stopConsumer();
await relay?.stop();
await bus.close();
await database.close();
process.exit(0);
