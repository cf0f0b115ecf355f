import { expect, test } from 'bun:test';
import { EVENT_DATA_SCHEMAS } from '@edu/contracts';
import type { NewEvent } from '@edu/platform/events';
import {
  coursePaymentFailed,
  coursePurchased,
  paymentRefunded,
  subscriptionCanceled,
  subscriptionCreated,
  subscriptionPaymentFailed,
} from '../src/events/publish.ts';

const payment = {
  id: 'payment-1',
  userId: 'user-1',
  courseId: 'course-1',
  amountCents: 4900,
  currency: 'USD',
  test: true,
};
const subscription = {
  id: 'subscription-1',
  userId: 'user-1',
  planId: 'monthly',
  currentPeriodEnd: new Date('2026-02-01T00:00:00.000Z'),
};

test('every event payments publishes is keyed by its user and holds what its contract says', () => {
  const events = [
    coursePurchased(payment),
    coursePaymentFailed(payment, 'card_declined'),
    subscriptionPaymentFailed(subscription, 'evt_1', 'card_declined'),
    paymentRefunded(payment, { id: 'refund-1', amountCents: 4900, reason: null }),
    subscriptionCreated(subscription),
    subscriptionCanceled({ ...subscription, currentPeriodEnd: null }),
  ];
  for (const event of events) {
    expect(event.key).toBe('user-1');
    expect(EVENT_DATA_SCHEMAS[event.type].parse(event.data)).toEqual(event.data);
  }
});

test('a field the contract does not have is a compile error where an event is built', () => {
  const wrong: NewEvent = {
    type: 'COURSE_PURCHASED',
    key: 'user-1',
    data: {
      paymentId: 'payment-1',
      userId: 'user-1',
      courseId: 'course-1',
      // @ts-expect-error COURSE_PURCHASED carries amountCents, not amount
      amount: 4900,
      currency: 'USD',
      test: true,
    },
  };
  expect(EVENT_DATA_SCHEMAS.COURSE_PURCHASED.safeParse(wrong.data).success).toBe(false);
});
