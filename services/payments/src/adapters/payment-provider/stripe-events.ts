import { z } from 'zod';
import type { ProviderEvent } from './port.ts';

/**
 * Stripe webhook events, reduced to the fields we act on. We parse them with zod rather than
 * trusting the SDK's types, because a payload from an older or newer API version must be
 * read safely or ignored, never crash the handler halfway.
 */
const Metadata = z
  .record(z.string(), z.string())
  .nullish()
  .transform((value) => value ?? {});
/** Expandable references arrive as an id or, when expanded, as an object with an id. */
const Ref = z
  .union([z.string(), z.object({ id: z.string() })])
  .nullish()
  .transform((value) => (typeof value === 'string' ? value : (value?.id ?? null)));

const EventSchema = z.object({ id: z.string(), type: z.string(), data: z.object({ object: z.unknown() }) });

const CheckoutSession = z.object({
  id: z.string(),
  mode: z.enum(['payment', 'subscription', 'setup']),
  payment_status: z.string(),
  payment_intent: Ref,
  subscription: Ref,
  metadata: Metadata,
});

const PaymentIntent = z.object({
  id: z.string(),
  metadata: Metadata,
  // Only the machine-readable code is kept: the message may describe the card.
  last_payment_error: z.object({ code: z.string().nullish(), decline_code: z.string().nullish() }).nullish(),
});

const Charge = z.object({
  id: z.string(),
  payment_intent: Ref,
  refunded: z.boolean(),
  metadata: Metadata,
  refunds: z.object({ data: z.array(z.object({ id: z.string() })) }).nullish(),
});

const StripeSubscription = z.object({
  id: z.string(),
  status: z.string(),
  cancel_at_period_end: z.boolean().default(false),
  metadata: Metadata,
  // Newer API versions keep the period on the items; older ones on the subscription.
  current_period_end: z.number().nullish(),
  items: z.object({ data: z.array(z.object({ current_period_end: z.number().nullish() })) }).nullish(),
});

const Invoice = z.object({
  id: z.string(),
  // Newer API versions: parent.subscription_details; older: subscription + subscription_details.
  parent: z
    .object({ subscription_details: z.object({ subscription: Ref, metadata: Metadata }).nullish() })
    .nullish(),
  subscription: Ref,
  subscription_details: z.object({ metadata: Metadata }).nullish(),
  lines: z.object({ data: z.array(z.object({ period: z.object({ end: z.number() }).nullish() })) }).nullish(),
});

const fromUnix = (seconds: number | null | undefined) => (seconds ? new Date(seconds * 1000) : null);

function subscriptionStatus(status: string): 'incomplete' | 'active' | 'canceled' {
  // past_due keeps access while Stripe retries the card; it ends with customer.subscription.deleted.
  if (status === 'active' || status === 'trialing' || status === 'past_due') return 'active';
  if (status === 'incomplete') return 'incomplete';
  return 'canceled';
}

/** Translates a verified Stripe event into what it means for our payments and subscriptions. */
export function translateStripeEvent(raw: unknown): ProviderEvent {
  const event = EventSchema.parse(raw);
  const base = { eventId: event.id, type: event.type };
  const object = event.data.object;
  const ignored = (reason: string): ProviderEvent => ({ ...base, kind: 'ignored', reason });

  switch (event.type) {
    case 'checkout.session.completed':
    case 'checkout.session.async_payment_succeeded':
    case 'checkout.session.async_payment_failed':
    case 'checkout.session.expired': {
      const session = CheckoutSession.parse(object);
      const { paymentId, subscriptionId } = session.metadata;
      const failed =
        event.type === 'checkout.session.async_payment_failed' || event.type === 'checkout.session.expired';
      if (session.mode === 'payment' && paymentId) {
        if (failed) {
          const reason =
            event.type === 'checkout.session.expired' ? 'checkout_expired' : 'async_payment_failed';
          return { ...base, kind: 'payment_failed', paymentId, reason };
        }
        // Delayed payment methods complete the session unpaid; async_payment_succeeded follows.
        if (session.payment_status === 'unpaid')
          return ignored('checkout completed, payment still processing');
        return { ...base, kind: 'payment_succeeded', paymentId, providerPaymentId: session.payment_intent };
      }
      if (session.mode === 'subscription' && subscriptionId) {
        if (event.type === 'checkout.session.expired')
          return { ...base, kind: 'subscription_checkout_expired', subscriptionId };
        if (failed) return ignored('subscription payment failures arrive as invoice.payment_failed');
        return {
          ...base,
          kind: 'subscription_active',
          subscriptionId,
          providerSubscriptionId: session.subscription,
          currentPeriodEnd: null,
        };
      }
      return ignored('checkout session not created by this service');
    }
    case 'payment_intent.payment_failed': {
      const intent = PaymentIntent.parse(object);
      const paymentId = intent.metadata.paymentId;
      if (!paymentId) return ignored('payment intent not created by this service');
      const reason =
        intent.last_payment_error?.decline_code ?? intent.last_payment_error?.code ?? 'payment_failed';
      return { ...base, kind: 'payment_failed', paymentId, reason };
    }
    case 'charge.refunded': {
      const charge = Charge.parse(object);
      if (!charge.refunded) return ignored('partial refund');
      if (!charge.payment_intent) return ignored('charge without a payment intent');
      return {
        ...base,
        kind: 'payment_refunded',
        providerPaymentId: charge.payment_intent,
        paymentId: charge.metadata.paymentId ?? null,
        providerRefundId: charge.refunds?.data[0]?.id ?? null,
      };
    }
    case 'customer.subscription.created':
    case 'customer.subscription.updated':
    case 'customer.subscription.deleted': {
      const subscription = StripeSubscription.parse(object);
      const subscriptionId = subscription.metadata.subscriptionId;
      if (!subscriptionId) return ignored('subscription not created by this service');
      return {
        ...base,
        kind: 'subscription_changed',
        subscriptionId,
        providerSubscriptionId: subscription.id,
        status:
          event.type === 'customer.subscription.deleted'
            ? 'canceled'
            : subscriptionStatus(subscription.status),
        cancelAtPeriodEnd: subscription.cancel_at_period_end,
        currentPeriodEnd: fromUnix(
          subscription.items?.data[0]?.current_period_end ?? subscription.current_period_end,
        ),
      };
    }
    case 'invoice.paid':
    case 'invoice.payment_failed': {
      const invoice = Invoice.parse(object);
      const details = invoice.parent?.subscription_details;
      const metadata = details?.metadata ?? invoice.subscription_details?.metadata ?? {};
      const subscriptionId = metadata.subscriptionId;
      if (!subscriptionId) return ignored('invoice not for a subscription of this service');
      if (event.type === 'invoice.payment_failed') {
        return {
          ...base,
          kind: 'subscription_payment_failed',
          subscriptionId,
          reason: 'invoice_payment_failed',
        };
      }
      return {
        ...base,
        kind: 'subscription_active',
        subscriptionId,
        providerSubscriptionId: details?.subscription ?? invoice.subscription,
        currentPeriodEnd: fromUnix(invoice.lines?.data[0]?.period?.end),
      };
    }
    default:
      return ignored(`event type ${event.type} is not used`);
  }
}
