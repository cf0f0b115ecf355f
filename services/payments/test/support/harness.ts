import type { EventEnvelope } from '@edu/contracts';
import type { Logger } from '@edu/platform';
import { asCaller, startModuleUnderTest } from '@edu/platform/testing';
import { asc } from 'drizzle-orm';
import type { PaymentProvider } from '../../src/adapters/payment-provider/port.ts';
import { createStripeProvider } from '../../src/adapters/payment-provider/stripe.ts';
import { createApp } from '../../src/app.ts';
import { outbox } from '../../src/db/schema.ts';
import { paymentsModule } from '../../src/index.ts';
import { startCoursesWithFixtures } from './courses.ts';

export const alice = { sub: 'user-alice', roles: ['user' as const] };
export const bob = { sub: 'user-bob', roles: ['user' as const] };
export const admin = { sub: 'user-admin', roles: ['user' as const, 'admin' as const] };
type Caller = { sub: string; roles: ('user' | 'instructor' | 'admin')[] };

export const STRIPE_TEST_SECRET_KEY = 'sk_test_51StandInSecretKeyNeverLogged';
export const STRIPE_TEST_WEBHOOK_SECRET = 'whsec_standInWebhookSecret0123456789';

export function stripeProviderAt(apiUrl: string): PaymentProvider {
  return createStripeProvider({
    secretKey: STRIPE_TEST_SECRET_KEY,
    webhookSecret: STRIPE_TEST_WEBHOOK_SECRET,
    prices: { monthly: 'price_monthly_test', yearly: 'price_yearly_test' },
    successUrl: 'https://learn.example.com/payments/success',
    cancelUrl: 'https://learn.example.com/payments/cancel',
    apiUrl,
  });
}

/**
 * The payments module on a fresh database, with the real courses service. By default it runs as
 * its settings say (none: the embedded provider); a given provider or logger goes in through
 * app.ts's seam instead.
 */
export async function startPayments(options: { provider?: PaymentProvider; logger?: Logger } = {}) {
  const { provider, logger } = options;
  const courses = await startCoursesWithFixtures();
  const module =
    provider || logger
      ? {
          ...paymentsModule,
          createApp: (deps: Parameters<typeof paymentsModule.createApp>[0]) =>
            createApp({ ...deps, logger: logger ?? deps.logger }, provider ? { provider } : {}),
        }
      : paymentsModule;
  const payments = await startModuleUnderTest(module, { services: { courses: courses.binding } });
  const subject = {
    ...payments,
    /** The courses service the prices come from (its database, for states its API cannot make). */
    coursesService: courses.courses,
    close: async () => {
      await payments.close();
      await courses.courses.close();
    },
  };

  async function call(
    method: string,
    path: string,
    options: { as?: Caller; body?: unknown; headers?: Record<string, string>; rawBody?: string } = {},
  ) {
    const headers: Record<string, string> = {
      ...(options.as ? await asCaller(options.as) : {}),
      ...options.headers,
    };
    let body: string | undefined = options.rawBody;
    if (options.body !== undefined) {
      headers['content-type'] = 'application/json';
      body = JSON.stringify(options.body);
    }
    const response = await subject.app.request(path, {
      method,
      headers,
      ...(body !== undefined ? { body } : {}),
    });
    const text = await response.text();
    const json: unknown = text ? JSON.parse(text) : null;
    return { status: response.status, headers: response.headers, json: json as Record<string, unknown> };
  }

  async function events(type?: EventEnvelope['type']): Promise<EventEnvelope[]> {
    const rows = await subject.database.db.select().from(outbox).orderBy(asc(outbox.seq));
    const envelopes = rows.map((row) => row.envelope as EventEnvelope);
    return type ? envelopes.filter((envelope) => envelope.type === type) : envelopes;
  }

  return { ...subject, call, events };
}
export type PaymentsUnderTest = Awaited<ReturnType<typeof startPayments>>;

/** PGlite start-up plus migrations can take several seconds on a busy 2-core machine. */
export const STARTUP_TIMEOUT_MS = 60_000;
