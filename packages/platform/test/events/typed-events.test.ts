/**
 * Events are typed end to end: what a service publishes is checked against its type's schema in
 * @edu/contracts at compile time (the @ts-expect-error lines fail `npm run typecheck` the day
 * they stop being errors), and what a consumer declared with defineConsumer gets is parsed by it.
 */
import { describe, expect, test } from 'bun:test';
import type { EventData, EventEnvelope } from '@edu/contracts';
import { defineConsumer } from '../../src/events/consumer.ts';
import type { NewEvent } from '../../src/events/outbox.ts';
import { silentLogger } from '../../src/testing.ts';

const user: EventData<'USER_CREATED'> = {
  userId: 'u1',
  email: 'one@example.com',
  name: 'One',
  locale: null,
  roles: ['user'],
};

describe('publishing', () => {
  test('an event whose data matches its type compiles; a wrong field or another type’s data does not', () => {
    const right: NewEvent = { type: 'USER_CREATED', key: 'u1', data: user };
    const misspelt: NewEvent = {
      type: 'USER_CREATED',
      key: 'u1',
      // @ts-expect-error `emial` is no field of USER_CREATED's data
      data: { userId: 'u', email: 'e', emial: 'e', name: 'n', locale: null, roles: [] },
    };
    const missing: NewEvent = {
      type: 'USER_CREATED',
      key: 'u1',
      // @ts-expect-error USER_CREATED's data needs an email
      data: { userId: 'u1', name: 'A', locale: null, roles: [] },
    };
    // @ts-expect-error a course event does not carry a user's data
    const crossed: NewEvent = { type: 'COURSE_PUBLISHED', key: 'c1', data: user };
    expect([right, misspelt, missing, crossed].map((event) => event.type)).toEqual([
      'USER_CREATED',
      'USER_CREATED',
      'USER_CREATED',
      'COURSE_PUBLISHED',
    ]);
  });
});

describe('consuming', () => {
  const envelope = (data: Record<string, unknown>): EventEnvelope => ({
    id: 'e1',
    type: 'USER_CREATED',
    data,
    metadata: { timestamp: new Date().toISOString(), correlationId: 'r1', source: 'users' },
  });

  test('defineConsumer derives the topics and hands each handler its type’s parsed data', async () => {
    const seen: Array<EventData<'USER_CREATED'>> = [];
    const consumer = defineConsumer('notifications.test', {
      USER_CREATED: async ({ data }) => {
        seen.push(data);
      },
      COURSE_COMPLETED: async ({ data }) => {
        // Typed by the contract: a field it does not have is a compile error here too.
        // @ts-expect-error COURSE_COMPLETED's data has no email
        expect(data.email).toBeUndefined();
      },
    });
    expect(consumer.topics.sort()).toEqual(['progress-events', 'user-events']);
    expect(consumer.source).toBe('notifications');
    const handler = consumer.handlers.USER_CREATED;
    if (!handler) throw new Error('no USER_CREATED handler');
    const context = { tx: {} as never, log: silentLogger, publish: async () => {} };
    await handler({ ...context, event: envelope({ ...user, extra: 'ignored' }) });
    expect(seen).toEqual([user]);
    // Data that breaks the contract is refused, so the runner retries it and then dead-letters it.
    await expect(handler({ ...context, event: envelope({ userId: 'u1' }) })).rejects.toThrow();
  });
});
