import { describe, expect, test } from 'bun:test';
import { translateStripeEvent } from '../src/adapters/payment-provider/stripe-events.ts';
import { canTransitionPayment, canTransitionSubscription } from '../src/domain/payment-state.ts';
import { findPlan, periodEnd } from '../src/domain/plans.ts';

describe('payment state machine', () => {
  test('payments move forward only; refunded is final', () => {
    expect(canTransitionPayment('pending', 'succeeded')).toBe(true);
    expect(canTransitionPayment('pending', 'failed')).toBe(true);
    expect(canTransitionPayment('failed', 'succeeded')).toBe(true);
    expect(canTransitionPayment('succeeded', 'refunded')).toBe(true);
    expect(canTransitionPayment('pending', 'refunded')).toBe(false);
    expect(canTransitionPayment('succeeded', 'failed')).toBe(false);
    expect(canTransitionPayment('refunded', 'succeeded')).toBe(false);
  });

  test('a canceled subscription stays canceled', () => {
    expect(canTransitionSubscription('incomplete', 'active')).toBe(true);
    expect(canTransitionSubscription('active', 'canceled')).toBe(true);
    expect(canTransitionSubscription('canceled', 'active')).toBe(false);
  });
});

describe('plans', () => {
  test('periods end a month or a year later', () => {
    const start = new Date('2026-01-31T12:00:00.000Z');
    const monthly = findPlan('monthly');
    const yearly = findPlan('yearly');
    if (!monthly || !yearly) throw new Error('plans missing');
    expect(periodEnd(yearly, start).toISOString()).toBe('2027-01-31T12:00:00.000Z');
    expect(periodEnd(monthly, start).getTime()).toBeGreaterThan(start.getTime());
    expect(findPlan('weekly')).toBeUndefined();
  });
});

describe('Stripe event translation', () => {
  test('an unpaid completed checkout waits for async_payment_succeeded', () => {
    const event = translateStripeEvent({
      id: 'evt_1',
      type: 'checkout.session.completed',
      data: {
        object: { id: 'cs_1', mode: 'payment', payment_status: 'unpaid', metadata: { paymentId: 'p1' } },
      },
    });
    expect(event.kind).toBe('ignored');
  });

  test('older API versions keep the subscription period on the subscription itself', () => {
    const event = translateStripeEvent({
      id: 'evt_2',
      type: 'customer.subscription.updated',
      data: {
        object: {
          id: 'sub_1',
          status: 'past_due',
          current_period_end: 1_800_000_000,
          metadata: { subscriptionId: 's1' },
        },
      },
    });
    expect(event).toMatchObject({
      kind: 'subscription_changed',
      status: 'active',
      currentPeriodEnd: new Date(1_800_000_000_000),
    });
  });

  test('a partial refund does not end the payment', () => {
    const event = translateStripeEvent({
      id: 'evt_3',
      type: 'charge.refunded',
      data: { object: { id: 'ch_1', payment_intent: 'pi_1', refunded: false, metadata: {} } },
    });
    expect(event.kind).toBe('ignored');
  });
});
