import { afterAll, beforeAll } from 'bun:test';
import { describeRouteSecurity } from '@edu/platform/testing/security';
import { COURSES } from './support/courses.ts';
import {
  admin,
  alice,
  bob,
  type PaymentsUnderTest,
  STARTUP_TIMEOUT_MS,
  startPayments,
} from './support/harness.ts';

/** The shared security cases over every payments route that documents a 401. */
let payments: PaymentsUnderTest;
let alicePayment: string;
let bobPayment: string;
let daveSubscription: string;
let erinSubscription: string;
const carol = { sub: 'user-carol', roles: ['user' as const] };
const dave = { sub: 'user-dave', roles: ['user' as const] };
const erin = { sub: 'user-erin', roles: ['user' as const] };

async function created(response: Promise<{ status: number; json: Record<string, unknown> }>) {
  const { status, json } = await response;
  if (status !== 201) throw new Error(`fixture answered ${status}: ${JSON.stringify(json)}`);
  return String(json.id);
}

beforeAll(async () => {
  payments = await startPayments();
  const buy = (as: typeof alice, courseId: string) =>
    created(payments.call('POST', `/api/v1/payments/courses/${courseId}`, { as }));
  const subscribe = (as: typeof alice) =>
    created(payments.call('POST', '/api/v1/payments/subscriptions', { as, body: { planId: 'monthly' } }));
  alicePayment = await buy(alice, COURSES.typescript.id);
  bobPayment = await buy(bob, COURSES.postgres.id);
  daveSubscription = await subscribe(dave);
  erinSubscription = await subscribe(erin);
}, STARTUP_TIMEOUT_MS);
afterAll(() => payments.close());

describeRouteSecurity({
  service: 'payments',
  subject: () => payments,
  owner: () => alice,
  routes: [
    // The caller's own list: nobody else's object to reach, and any signed-in caller may ask.
    { operation: 'GET /api/v1/payments', request: () => ({ path: '/api/v1/payments' }) },
    {
      operation: 'POST /api/v1/payments/courses/{courseId}',
      request: () => ({ path: `/api/v1/payments/courses/${COURSES.yen.id}` }),
      status: 201,
    },
    {
      operation: 'GET /api/v1/payments/{paymentId}',
      request: () => ({ path: `/api/v1/payments/${alicePayment}` }),
      otherUser: 404,
    },
    {
      operation: 'GET /api/v1/payments/{paymentId}/audit',
      request: () => ({ path: `/api/v1/payments/${alicePayment}/audit` }),
      owner: () => admin,
      forbidden: { caller: () => alice },
    },
    {
      operation: 'POST /api/v1/payments/{paymentId}/refund',
      request: () => ({ path: `/api/v1/payments/${bobPayment}/refund`, body: { reason: 'Asked for' } }),
      owner: () => admin,
      forbidden: { caller: () => bob },
      status: 201,
    },
    {
      operation: 'POST /api/v1/payments/subscriptions',
      request: () => ({ path: '/api/v1/payments/subscriptions', body: { planId: 'yearly' } }),
      owner: () => carol,
      status: 201,
    },
    {
      operation: 'GET /api/v1/payments/subscriptions/{id}',
      request: () => ({ path: `/api/v1/payments/subscriptions/${daveSubscription}` }),
      owner: () => dave,
      otherUser: 404,
    },
    {
      operation: 'DELETE /api/v1/payments/subscriptions/{id}',
      request: () => ({ path: `/api/v1/payments/subscriptions/${erinSubscription}` }),
      owner: () => erin,
      otherUser: 404,
      status: 204,
    },
  ],
});
