import { startConsumer, startOutboxRelay } from '@edu/platform/events';
import { createKafkaBus } from '@edu/platform/events/kafka';
import { openTestDatabase, silentLogger } from '@edu/platform/testing';
import { producerOutbox } from '../packages/platform/test/events/pair/schema.ts';
import { createNotes, migratePair, pairConsumer } from '../packages/platform/test/events/pair.ts';

const database = await openTestDatabase();
await migratePair(database);
const bus = await createKafkaBus({
  brokers: ['127.0.0.1:59092'],
  partitions: 8,
  logger: silentLogger,
  newGroupsStartAt: 'latest',
});
const group = `phase.${Date.now()}`;
let n = 0;
let done: () => void = () => {};
const p = new Promise<void>((r) => {
  done = r;
});
const c = await startConsumer({
  bus,
  db: database.db,
  logger: silentLogger,
  consumer: pairConsumer(group, {
    onHandled: () => {
      if (++n === 10000) done();
    },
  }),
});
await new Promise((r) => setTimeout(r, 3000));
let t = performance.now();
for (let b = 0; b < 100; b++)
  await createNotes(
    database.db,
    Array.from({ length: 100 }, (_, i) => ({ key: `k${i}`, seq: b * 100 + i })),
  );
console.log('produce', Math.round(10000 / ((performance.now() - t) / 1000)), '/s');
t = performance.now();
const relay = startOutboxRelay({ db: database.db, outbox: producerOutbox, bus, logger: silentLogger });
await relay.flush();
console.log('relay', Math.round(10000 / ((performance.now() - t) / 1000)), '/s');
await p;
console.log('relay+consume', Math.round(10000 / ((performance.now() - t) / 1000)), '/s');
await c.stop();
await relay.stop();
await bus.close();
await database.close();
process.exit(0);
