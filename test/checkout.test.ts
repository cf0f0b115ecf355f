import { afterAll, beforeAll, expect, test } from 'bun:test';
import { rmSync } from 'node:fs';
import type { Subprocess } from 'bun';
import {
  STRIPE_TEST_SECRET_KEY,
  STRIPE_TEST_WEBHOOK_SECRET,
} from '../services/payments/test/support/harness.ts';
import { type StripeStandIn, startStripeStandIn } from '../services/payments/test/support/stripe-stand-in.ts';
import {
  checkoutSessionObject,
  STRIPE_WEBHOOK_PATH,
  signPayload,
  stripeEvent,
} from '../services/payments/test/support/stripe-webhooks.ts';
import { freePort, startPlatformProcess } from './support.ts';

/**
 * Checkout with Stripe through the site, end to end: `npm start` with PAYMENT_PROVIDER=stripe,
 * Stripe's API played by the stand-in the payments tests use (it answers Checkout Session
 * requests in Stripe's wire format; Stripe itself cannot be reached from a test machine).
 * Buying sends the browser to the Checkout URL; Stripe's return page waits, refreshing itself,
 * until the signed checkout.session.completed webhook settles the payment.
 */
const dataDir = `/tmp/edu-checkout-test-${process.pid}`;
const port = freePort();
const origin = `http://127.0.0.1:${port}`;
let stand: StripeStandIn;
let platform: Subprocess;

beforeAll(async () => {
  stand = startStripeStandIn();
  platform = await startPlatformProcess({
    origin,
    env: {
      PORT: String(port),
      DATA_DIR: dataDir,
      LOG_LEVEL: 'warn',
      PAYMENT_PROVIDER: 'stripe',
      STRIPE_SECRET_KEY: STRIPE_TEST_SECRET_KEY,
      STRIPE_WEBHOOK_SECRET: STRIPE_TEST_WEBHOOK_SECRET,
      STRIPE_PRICE_MONTHLY: 'price_monthly_test',
      STRIPE_PRICE_YEARLY: 'price_yearly_test',
      STRIPE_SUCCESS_URL: `${origin}/checkout/return`,
      STRIPE_CANCEL_URL: `${origin}/checkout/return?canceled=1`,
      STRIPE_API_URL: stand.url,
    },
  });
}, 90_000);

afterAll(async () => {
  platform.kill('SIGINT');
  await platform.exited;
  await stand.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

/** A visitor's cookies, as a browser keeps them. */
const jar = new Map<string, string>();
async function visit(path: string, init: { form?: Record<string, string> } = {}): Promise<Response> {
  const response = await fetch(`${origin}${path}`, {
    method: init.form ? 'POST' : 'GET',
    redirect: 'manual',
    headers: {
      cookie: [...jar].map(([name, value]) => `${name}=${value}`).join('; '),
      ...(init.form ? { origin, 'content-type': 'application/x-www-form-urlencoded' } : {}),
    },
    ...(init.form ? { body: new URLSearchParams(init.form) } : {}),
  });
  for (const cookie of response.headers.getSetCookie()) {
    const [pair = ''] = cookie.split(';');
    const [name = '', value = ''] = pair.split('=');
    jar.set(name, value);
  }
  return response;
}

const csrfOf = async (response: Response) =>
  /name="_csrf" value="([^"]+)"/.exec(await response.text())?.[1] ?? '';

test('buying with Stripe goes to Checkout, and the return page waits for the webhook', async () => {
  const signedIn = await visit('/login', {
    form: {
      _csrf: await csrfOf(await visit('/login')),
      email: 'learner@example.com',
      password: 'learner-password',
    },
  });
  expect(signedIn.status).toBe(303);

  // A course the demo learner does not own yet.
  const catalog = (await (await fetch(`${origin}/api/v1/courses?limit=50`)).json()) as {
    items: Array<{ id: string; title: string }>;
  };
  const mine = await visit('/me/courses');
  const owned = await mine.text();
  const course = catalog.items.find((item) => !owned.includes(item.title));
  if (!course) throw new Error('the demo learner owns every course');

  const bought = await visit(`/courses/${course.id}`, {
    form: { _csrf: await csrfOf(await visit(`/courses/${course.id}`)), action: 'buy' },
  });
  expect(bought.status).toBe(303);
  expect(bought.headers.get('location')).toStartWith('https://checkout.stripe.com/');

  const session = stand.requests.findLast((request) => request.path === '/v1/checkout/sessions');
  const returnUrl = new URL(String(session?.form.get('success_url')));
  const paymentId = returnUrl.searchParams.get('payment') ?? '';
  expect(returnUrl.origin + returnUrl.pathname).toBe(`${origin}/checkout/return`);
  expect(paymentId).not.toBe('');

  const waiting = await (await visit(`${returnUrl.pathname}${returnUrl.search}`)).text();
  expect(waiting).toContain('data-state="waiting"');
  expect(waiting).toContain('http-equiv="refresh"');

  const event = stripeEvent(
    'checkout.session.completed',
    checkoutSessionObject({
      mode: 'payment',
      metadata: { kind: 'course', paymentId },
      paymentIntent: 'pi_site',
    }),
  );
  const rawBody = JSON.stringify(event);
  const webhook = await fetch(`${origin}${STRIPE_WEBHOOK_PATH}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'stripe-signature': await signPayload(rawBody) },
    body: rawBody,
  });
  expect(webhook.status).toBe(200);

  const done = await (await visit(`${returnUrl.pathname}${returnUrl.search}`)).text();
  expect(done).toContain('data-state="done"');
  expect(done).toContain(`href="/courses/${course.id}"`);
}, 60_000);

test('a JPY course priced 1000 shows ¥1,000 on its page, and Stripe Checkout is asked for unit_amount 1000', async () => {
  const api = async (path: string, token: string, body?: unknown) => {
    const response = await fetch(`${origin}${path}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    expect(response.ok).toBe(true);
    return (await response.json()) as { id: string; access_token: string };
  };
  const instructor = await fetch(`${origin}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'instructor@example.com', password: 'instructor-password' }),
  });
  const { access_token: token } = (await instructor.json()) as { access_token: string };
  const course = await api('/api/v1/courses', token, {
    title: 'Kanji for coders',
    description: 'Priced in yen',
    priceCents: 1000,
    currency: 'JPY',
  });
  await api(`/api/v1/courses/${course.id}/lessons`, token, { title: 'One', content: '# One' });
  await api(`/api/v1/courses/${course.id}/publish`, token);

  jar.set('lang', 'en');
  const page = await (await visit(`/courses/${course.id}`)).text();
  expect(page).toContain('¥1,000');
  expect(page).not.toContain('¥10');

  const bought = await visit(`/courses/${course.id}`, {
    form: { _csrf: await csrfOf(await visit(`/courses/${course.id}`)), action: 'buy' },
  });
  expect(bought.status).toBe(303);
  const session = stand.requests.findLast((request) => request.path === '/v1/checkout/sessions');
  expect(session?.form.get('line_items[0][price_data][currency]')).toBe('jpy');
  expect(session?.form.get('line_items[0][price_data][unit_amount]')).toBe('1000');
}, 60_000);
