import { newId } from '@edu/contracts';
import { AppError } from '@edu/platform/http';
import { type CoursePaymentStart, ProviderError } from '../adapters/payment-provider/port.ts';
import {
  findPaymentByIdempotencyKey,
  findPendingPayment,
  insertPayment,
  lockPayment,
  type PaymentRow,
  recordPaymentEvent,
  updatePayment,
} from '../db/payments.ts';
import { changePaymentStatus } from './change-payment.ts';
import type { OperationContext } from './context.ts';
import { toPayment } from './views.ts';

function replayOf(row: PaymentRow, courseId: string): PaymentRow {
  if (row.courseId !== courseId) {
    throw new AppError('conflict', 'This Idempotency-Key was already used for another purchase');
  }
  return row;
}

/**
 * Buys a course for a user at the course's current price. The database decides races: a
 * partial unique index allows one pending or succeeded payment per user and course, and a
 * unique (user, Idempotency-Key) makes a retried request find the payment it created.
 */
export async function purchaseCourse(
  ctx: OperationContext,
  input: { userId: string; courseId: string; idempotencyKey?: string | undefined },
) {
  return toPayment(await buy(ctx, input));
}

async function buy(
  ctx: OperationContext,
  input: { userId: string; courseId: string; idempotencyKey?: string | undefined },
): Promise<PaymentRow> {
  const { userId, courseId, idempotencyKey } = input;
  if (idempotencyKey) {
    const existing = await findPaymentByIdempotencyKey(ctx.db, userId, idempotencyKey);
    if (existing) return replayOf(existing, courseId);
  }
  const course = await ctx.courses.purchasableCourse(courseId, ctx.origin.correlationId);
  // Free courses are granted without the provider; anything else must be something it can charge.
  const chargeProblem =
    course.priceCents > 0 ? ctx.provider.chargeProblem(course.priceCents, course.currency) : null;
  if (chargeProblem) throw new AppError('unprocessable', chargeProblem);

  const created = await ctx.db.transaction(async (tx) => {
    const row = await insertPayment(tx, {
      id: newId(),
      userId,
      courseId,
      amountCents: course.priceCents,
      currency: course.currency,
      status: 'pending',
      provider: ctx.provider.name,
      test: ctx.provider.testMode,
      idempotencyKey: idempotencyKey ?? null,
    });
    if (row) {
      await recordPaymentEvent(tx, {
        paymentId: row.id,
        action: 'created',
        from: null,
        to: 'pending',
        actor: userId,
        detail: { amountCents: row.amountCents, currency: row.currency },
      });
    }
    return row;
  });
  if (!created) {
    if (idempotencyKey) {
      const existing = await findPaymentByIdempotencyKey(ctx.db, userId, idempotencyKey);
      if (existing) return replayOf(existing, courseId);
    }
    // Still waiting for its checkout (or a double-click racing it): the same payment, not a second one.
    const pending = await findPendingPayment(ctx.db, userId, courseId);
    if (pending) return pending;
    throw new AppError('conflict', 'You already own this course');
  }
  return startProviderPayment(ctx, created, course.title);
}

async function startProviderPayment(
  ctx: OperationContext,
  payment: PaymentRow,
  courseTitle: string,
): Promise<PaymentRow> {
  // Nothing to charge (Stripe Checkout refuses a zero total): the course is granted at once.
  if (payment.amountCents === 0) {
    return ctx.db.transaction(async (tx) => {
      const locked = await lockPayment(tx, payment.id);
      if (!locked) throw new AppError('internal', 'The payment disappeared while it was being started');
      const done = await changePaymentStatus(tx, locked, 'succeeded', {
        action: 'free',
        actor: 'system',
        origin: ctx.origin,
      });
      return done ?? locked;
    });
  }
  let start: CoursePaymentStart;
  try {
    start = await ctx.provider.startCoursePayment({
      paymentId: payment.id,
      userId: payment.userId,
      courseId: payment.courseId,
      courseTitle,
      amountCents: payment.amountCents,
      currency: payment.currency,
      idempotencyKey: `payment-${payment.id}`,
    });
  } catch (error) {
    const reason = error instanceof ProviderError ? error.message : 'provider_unavailable';
    ctx.log.warn('payment provider failed to start a payment', { paymentId: payment.id, reason });
    await ctx.db.transaction(async (tx) => {
      const locked = await lockPayment(tx, payment.id);
      if (locked)
        await changePaymentStatus(tx, locked, 'failed', {
          action: 'provider_error',
          actor: 'system',
          origin: ctx.origin,
          detail: { reason: 'provider_error' },
        });
    });
    throw new AppError(
      'bad_gateway',
      'The payment provider could not start the payment; nothing was charged',
    );
  }

  return ctx.db.transaction(async (tx) => {
    const locked = await lockPayment(tx, payment.id);
    if (!locked) throw new AppError('internal', 'The payment disappeared while it was being started');
    if (start.status === 'succeeded') {
      const fields = {
        providerCheckoutId: start.providerCheckoutId,
        providerPaymentId: start.providerPaymentId,
      };
      const updated = await changePaymentStatus(tx, locked, 'succeeded', {
        action: 'captured',
        actor: ctx.provider.name,
        origin: ctx.origin,
        fields,
      });
      return updated ?? locked;
    }
    // A webhook may already have moved it on; the checkout fields are recorded either way.
    const updated = await updatePayment(tx, locked.id, {
      providerCheckoutId: start.providerCheckoutId,
      checkoutUrl: start.checkoutUrl,
    });
    await recordPaymentEvent(tx, {
      paymentId: locked.id,
      action: 'checkout_started',
      from: locked.status,
      to: locked.status,
      actor: ctx.provider.name,
      detail: { checkoutId: start.providerCheckoutId },
    });
    return updated ?? locked;
  });
}
