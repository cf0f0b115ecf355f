import type { EventEnvelope } from '@edu/contracts';
import type { Logger } from '@edu/platform';
import { asCaller, startServiceUnderTest } from '@edu/platform/testing';
import { asc } from 'drizzle-orm';
import { createApp, SERVICE_NAME } from '../../src/app.ts';
import { outbox } from '../../src/db/schema.ts';
import { MIGRATIONS_FOLDER } from '../../src/migrations.ts';
import { createEmbeddedProvider } from '../../src/providers/embedded.ts';
import type { PaymentProvider } from '../../src/providers/provider.ts';
import { createStripeProvider } from '../../src/providers/stripe.ts';
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

/** The payments app on a fresh database, with the real courses service and the given provider. */
export async function startPayments(options: { provider?: PaymentProvider; logger?: Logger } = {}) {
  const provider = options.provider ?? createEmbeddedProvider();
  const courses = await startCoursesWithFixtures();
  const payments = await startServiceUnderTest({
    service: SERVICE_NAME,
    migrationsFolder: MIGRATIONS_FOLDER,
    createApp: (deps) => createApp({ ...deps, logger: options.logger ?? deps.logger }, { provider }),
    services: { courses: courses.binding },
  });
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
