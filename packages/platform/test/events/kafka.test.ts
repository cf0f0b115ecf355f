import { describe, test } from 'bun:test';
import { createKafkaBus } from '../../src/events/kafka.ts';
import { silentLogger } from '../../src/testing.ts';
import { describeEventBusContract } from './contract.ts';

// The same contract against a real broker; scripts/test.ts starts one and sets TEST_KAFKA_BROKERS
// (always under CI=true). Without it this suite says so loudly and skips.
const brokers = process.env.TEST_KAFKA_BROKERS;
if (brokers) {
  describeEventBusContract('Apache Kafka', () =>
    createKafkaBus({
      brokers: brokers.split(','),
      partitions: 3,
      logger: silentLogger,
      clientId: 'contract-test',
      // The test broker keeps earlier runs' events; each case's new group starts after them.
      newGroupsStartAt: 'latest',
    }),
  );
} else {
  console.warn('[kafka] TEST_KAFKA_BROKERS is not set: skipping the Kafka event bus contract (CI runs it)');
  describe('event bus contract: Apache Kafka', () => {
    test.skip('needs TEST_KAFKA_BROKERS (bash scripts/services kafka)', () => {});
  });
}
