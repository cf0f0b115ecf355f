/**
 * A local stand-in for Stripe's API (api.stripe.com cannot be reached from tests), speaking its
 * wire format: form-encoded POST bodies in, Stripe's JSON objects out. Only the fields our
 * adapter reads are filled; the shapes follow Stripe's API reference (API version 2026-10-28):
 *
 *   POST /v1/checkout/sessions            → checkout.session
 *     { id: "cs_test_…", object: "checkout.session", mode: "payment" | "subscription",
 *       url: "https://checkout.stripe.com/c/pay/cs_test_…", status: "open", payment_status: "unpaid",
 *       client_reference_id, metadata, amount_total, currency, payment_intent: null, subscription: null }
 *   POST /v1/checkout/sessions/{id}/expire → checkout.session with status "expired"
 *   POST /v1/refunds                      → refund
 *     { id: "re_…", object: "refund", amount, currency, payment_intent, status: "succeeded", metadata }
 *   POST /v1/subscriptions/{id}            → subscription
 *     { id, object: "subscription", status: "active", cancel_at_period_end,
 *       items: { object: "list", data: [{ id: "si_…", current_period_end }] }, metadata }
 *   anything else                         → 404 { error: { type: "invalid_request_error", message } }
 *
 * Every request is recorded (path, form fields, Idempotency-Key, Authorization) for assertions.
 */
export interface RecordedStripeRequest {
  method: string;
  path: string;
  form: URLSearchParams;
  idempotencyKey: string | null;
  authorization: string | null;
}

export interface StripeStandIn {
  url: string;
  requests: RecordedStripeRequest[];
  /** Makes the next call answer with a Stripe card error (402). */
  failNext(): void;
  stop(): Promise<void>;
}

const now = () => Math.floor(Date.now() / 1000);
const randomId = (prefix: string) => `${prefix}_${crypto.randomUUID().replaceAll('-', '').slice(0, 24)}`;

/** Stripe's flattened form keys (`metadata[paymentId]`) for one bracketed prefix, as an object. */
function metadataOf(form: URLSearchParams, prefix = 'metadata'): Record<string, string> {
  const metadata: Record<string, string> = {};
  for (const [key, value] of form) {
    const match = key.match(
      new RegExp(`^${prefix.replaceAll('[', '\\[').replaceAll(']', '\\]')}\\[(\\w+)\\]$`),
    );
    if (match?.[1]) metadata[match[1]] = value;
  }
  return metadata;
}

function checkoutSession(form: URLSearchParams) {
  const id = randomId('cs_test');
  return {
    id,
    object: 'checkout.session',
    mode: form.get('mode'),
    url: `https://checkout.stripe.com/c/pay/${id}`,
    status: 'open',
    payment_status: 'unpaid',
    client_reference_id: form.get('client_reference_id'),
    metadata: metadataOf(form),
    amount_total: Number(form.get('line_items[0][price_data][unit_amount]') ?? 0),
    currency: form.get('line_items[0][price_data][currency]'),
    success_url: form.get('success_url'),
    cancel_url: form.get('cancel_url'),
    payment_intent: null,
    subscription: null,
    created: now(),
    livemode: false,
  };
}

export function startStripeStandIn(): StripeStandIn {
  const requests: RecordedStripeRequest[] = [];
  let failNext = false;
  const server = Bun.serve({
    hostname: '127.0.0.1',
    port: 0,
    async fetch(request) {
      const url = new URL(request.url);
      const form = new URLSearchParams(await request.text());
      requests.push({
        method: request.method,
        path: url.pathname,
        form,
        idempotencyKey: request.headers.get('idempotency-key'),
        authorization: request.headers.get('authorization'),
      });
      if (failNext) {
        failNext = false;
        return Response.json(
          {
            error: {
              type: 'card_error',
              code: 'card_declined',
              message: 'Your card was declined. (4000000000000002)',
            },
          },
          { status: 402 },
        );
      }
      if (request.method === 'POST' && url.pathname === '/v1/checkout/sessions') {
        return Response.json(checkoutSession(form));
      }
      const expire = url.pathname.match(/^\/v1\/checkout\/sessions\/([\w-]+)\/expire$/);
      if (request.method === 'POST' && expire) {
        return Response.json({ ...checkoutSession(form), id: expire[1], status: 'expired', url: null });
      }
      if (request.method === 'POST' && url.pathname === '/v1/refunds') {
        return Response.json({
          id: randomId('re'),
          object: 'refund',
          amount: Number(form.get('amount')),
          currency: 'usd',
          payment_intent: form.get('payment_intent'),
          reason: form.get('reason'),
          status: 'succeeded',
          metadata: metadataOf(form),
          created: now(),
        });
      }
      const subscription = url.pathname.match(/^\/v1\/subscriptions\/([\w-]+)$/);
      if (request.method === 'POST' && subscription) {
        return Response.json({
          id: subscription[1],
          object: 'subscription',
          status: 'active',
          cancel_at_period_end: form.get('cancel_at_period_end') === 'true',
          items: {
            object: 'list',
            data: [
              { id: randomId('si'), object: 'subscription_item', current_period_end: now() + 30 * 86_400 },
            ],
          },
          metadata: {},
        });
      }
      return Response.json(
        {
          error: {
            type: 'invalid_request_error',
            message: `Unrecognized request URL (${request.method}: ${url.pathname})`,
          },
        },
        { status: 404 },
      );
    },
  });
  return {
    url: `http://127.0.0.1:${server.port}`,
    requests,
    failNext: () => {
      failNext = true;
    },
    stop: () => server.stop(true),
  };
}
