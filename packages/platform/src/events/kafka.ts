import { EventEnvelopeSchema, TOPICS, type Topic } from '@edu/contracts';
import {
  type Admin,
  type EachBatchPayload,
  Kafka,
  type logCreator,
  logLevel,
  Partitioners,
  type Producer,
} from 'kafkajs';
import type { Logger } from '../logger.ts';
import type { BusMessage, EventBus, MessageHandler, PartitionLag, Subscription } from './bus.ts';

export interface KafkaBusOptions {
  /** `host:port` of one or more brokers (KAFKA_BROKERS). */
  brokers: string[];
  /** Partitions of each topic when the bus creates it (KAFKA_PARTITIONS); existing topics keep theirs. */
  partitions: number;
  logger: Logger;
  clientId?: string;
  /**
   * Where a group that never committed starts: `earliest` (default) reads the topics' history,
   * so a new service builds its projection from everything retained; `latest` starts at the
   * end as of `subscribe()` (tests and benchmarks on a broker that keeps earlier runs' events).
   */
  newGroupsStartAt?: 'earliest' | 'latest';
}

/**
 * The Apache Kafka transport (self-hosted scale), with kafkajs: one topic per event topic,
 * the aggregate id as the message key (so one aggregate stays in one partition, in order),
 * acks from all in-sync replicas, and consumers that commit offsets by hand only after the
 * handler's transaction committed. A rebalance lets the message in
 * hand finish, commits what was handled, and gives the partition up.
 */
export async function createKafkaBus(options: KafkaBusOptions): Promise<EventBus> {
  const logger = options.logger.child({ component: 'kafka' });
  const kafka = new Kafka({
    clientId: options.clientId ?? 'edu-platform',
    brokers: options.brokers,
    logLevel: logLevel.WARN,
    logCreator: kafkaLogs(logger),
    retry: { retries: 8, initialRetryTime: 100, maxRetryTime: 5_000 },
  });
  const admin = kafka.admin();
  await admin.connect();
  await ensureTopics(admin, options.partitions);
  const producer: Producer = kafka.producer({
    // One request in flight keeps a key's events in order through retries; a retry that
    // duplicates a message is absorbed by the consumers' inboxes (kafkajs's idempotent mode
    // would want unbounded retries, which would hang the relay while the broker is down).
    maxInFlightRequests: 1,
    createPartitioner: Partitioners.DefaultPartitioner,
    allowAutoTopicCreation: false,
  });
  await producer.connect();
  const subscriptions = new Set<Subscription>();

  return {
    kind: 'kafka',
    publish: async (messages: BusMessage[]) => {
      if (messages.length === 0) return;
      const byTopic = new Map<Topic, BusMessage[]>();
      for (const message of messages)
        byTopic.set(message.topic, [...(byTopic.get(message.topic) ?? []), message]);
      await producer.sendBatch({
        acks: -1,
        topicMessages: [...byTopic].map(([topic, list]) => ({
          topic,
          messages: list.map((message) => ({
            key: message.key,
            value: JSON.stringify(message.envelope),
            headers: { correlationId: message.envelope.metadata.correlationId },
          })),
        })),
      });
    },
    subscribe: async (subscription) => {
      if (options.newGroupsStartAt === 'latest') await startNewGroupAtEnd(admin, subscription);
      const running = await startKafkaConsumer(kafka, subscription, options.partitions, logger);
      subscriptions.add(running);
      return {
        stop: async () => {
          subscriptions.delete(running);
          await running.stop();
        },
      };
    },
    lag: () => kafkaLag(admin),
    close: async () => {
      await Promise.all([...subscriptions].map((subscription) => subscription.stop()));
      await producer.disconnect();
      await admin.disconnect();
    },
  };
}

async function ensureTopics(admin: Admin, partitions: number) {
  const existing = new Set(await admin.listTopics());
  const missing = TOPICS.filter((topic) => !existing.has(topic));
  if (missing.length === 0) return;
  await admin.createTopics({
    waitForLeaders: true,
    topics: missing.map((topic) => ({ topic, numPartitions: partitions })),
  });
}

/** Commits the current end offsets for a group that has none, so it reads only what comes next. */
async function startNewGroupAtEnd(admin: Admin, subscription: { group: string; topics: Topic[] }) {
  const committed = await admin.fetchOffsets({ groupId: subscription.group, topics: subscription.topics });
  for (const topic of committed) {
    if (topic.partitions.some((partition) => Number(partition.offset) >= 0)) continue;
    const ends = await admin.fetchTopicOffsets(topic.topic);
    await admin.setOffsets({
      groupId: subscription.group,
      topic: topic.topic,
      partitions: ends.map((end) => ({ partition: end.partition, offset: end.high })),
    });
  }
}

/** How many messages one handler call (one transaction) takes at most. */
const CHUNK = 100;

async function startKafkaConsumer(
  kafka: Kafka,
  subscription: { group: string; topics: Topic[]; handle: MessageHandler },
  partitions: number,
  logger: Logger,
): Promise<Subscription> {
  const log = logger.child({ consumerGroup: subscription.group });
  const consumer = kafka.consumer({
    groupId: subscription.group,
    allowAutoTopicCreation: false,
    sessionTimeout: 10_000,
    heartbeatInterval: 1_000,
    maxWaitTimeInMs: 500,
  });
  consumer.on(consumer.events.GROUP_JOIN, (event) =>
    log.info('kafka consumer joined its group', { assignment: event.payload.memberAssignment }),
  );
  await consumer.connect();
  // A new group starts at the beginning: with the inbox, reading an event twice is harmless,
  // while starting at the end would silently skip what was published before it joined.
  await consumer.subscribe({ topics: subscription.topics, fromBeginning: true });

  const eachBatch = async (payload: EachBatchPayload) => {
    const { batch } = payload;
    log.debug('kafka batch received', {
      topic: batch.topic,
      partition: batch.partition,
      size: batch.messages.length,
    });
    let handled: string | undefined;
    // Chunks keep a rebalance waiting for at most one chunk, not a whole fetched batch.
    for (let start = 0; start < batch.messages.length; start += CHUNK) {
      // A rebalance took the partition away: stop here and commit what is done.
      if (!payload.isRunning() || payload.isStale()) break;
      const chunk = batch.messages.slice(start, start + CHUNK);
      const messages: BusMessage[] = [];
      for (const message of chunk) {
        const envelope = parseEnvelope(message.value);
        if (envelope)
          messages.push({ topic: batch.topic as Topic, key: message.key?.toString() ?? '', envelope });
        else
          log.error('unreadable kafka message skipped', {
            topic: batch.topic,
            partition: batch.partition,
            offset: message.offset,
          });
      }
      await subscription.handle(messages);
      const last = chunk.at(-1)?.offset;
      if (last !== undefined) {
        payload.resolveOffset(last);
        handled = last;
      }
      await payload.heartbeat();
    }
    if (handled !== undefined) {
      // Committed by hand, after the handler's transaction: the next offset to read.
      await consumer.commitOffsets([
        { topic: batch.topic, partition: batch.partition, offset: (BigInt(handled) + 1n).toString() },
      ]);
    }
  };

  await consumer.run({
    autoCommit: false,
    eachBatchAutoResolve: false,
    partitionsConsumedConcurrently: partitions,
    eachBatch,
  });
  return { stop: () => consumer.disconnect() };
}

function parseEnvelope(value: Buffer | null) {
  if (!value) return undefined;
  try {
    const parsed = EventEnvelopeSchema.safeParse(JSON.parse(value.toString()));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

/** Lag of every consumer group: the topic's end offset minus the group's committed offset. */
export async function kafkaLag(admin: Admin): Promise<PartitionLag[]> {
  const { groups } = await admin.listGroups();
  const ends = new Map<string, Map<number, { high: number; low: number }>>();
  for (const topic of TOPICS) {
    const offsets = await admin.fetchTopicOffsets(topic);
    ends.set(topic, new Map(offsets.map((o) => [o.partition, { high: Number(o.high), low: Number(o.low) }])));
  }
  const lags: PartitionLag[] = [];
  for (const { groupId } of groups.sort((a, b) => (a.groupId < b.groupId ? -1 : 1))) {
    const committed = await admin.fetchOffsets({ groupId, topics: [...TOPICS] });
    for (const topic of committed) {
      for (const partition of topic.partitions) {
        const end = ends.get(topic.topic)?.get(partition.partition) ?? { high: 0, low: 0 };
        const offset = Number(partition.offset);
        // A group that never committed on a partition starts at its lowest retained offset.
        const position = offset < 0 ? end.low : offset;
        if (offset < 0 && end.high === 0) continue;
        lags.push({
          group: groupId,
          topic: topic.topic,
          partition: partition.partition,
          position,
          end: end.high,
          lag: Math.max(0, end.high - position),
        });
      }
    }
  }
  return lags;
}

/** Sends kafkajs's own log lines through ours, so they carry the service's fields and level. */
function kafkaLogs(logger: Logger): logCreator {
  return () =>
    ({ namespace, level, log }) => {
      const { message, ...fields } = log;
      const line = { namespace, ...fields };
      if (level === logLevel.ERROR || level === logLevel.WARN) logger.warn(`kafkajs: ${message}`, line);
      else if (level === logLevel.INFO) logger.info(`kafkajs: ${message}`, line);
      else logger.debug(`kafkajs: ${message}`, line);
    };
}
