import { AppError, type Identity, toPage } from '@edu/platform/http';
import { findPayment, listPaymentEvents, listPayments as selectPayments } from '../db/payments.ts';
import { paymentListScope } from '../domain/payment-list.ts';
import type { PaymentStatus } from '../domain/payment-state.ts';
import type { PaymentsDeps } from './context.ts';
import { toPayment } from './views.ts';

/** One payment, for its owner or an admin; anyone else is told it does not exist, so ids cannot be probed. */
export async function getPayment(deps: PaymentsDeps, input: { paymentId: string; caller: Identity }) {
  const row = await findPayment(deps.db, input.paymentId);
  if (!row || (row.userId !== input.caller.sub && !input.caller.roles.includes('admin'))) {
    throw new AppError('not_found', `No payment ${input.paymentId}`);
  }
  return toPayment(row);
}

/** A page of payments, newest first: the caller's own, or (admins) everyone's or another user's. */
export async function listPayments(
  deps: PaymentsDeps,
  input: {
    caller: Identity;
    all: boolean;
    userId?: string | undefined;
    status?: PaymentStatus | undefined;
    limit: number;
    cursor?: string | undefined;
  },
) {
  const scope = paymentListScope(input.caller, input);
  if (scope === 'forbidden') throw new AppError('forbidden', "Only admins may list other users' payments");
  const rows = await selectPayments(
    deps.db,
    {
      ...(scope === 'everyone' ? {} : { userId: scope.userId }),
      status: input.status,
      before: input.cursor,
    },
    input.limit + 1,
  );
  const page = toPage(rows, input.limit);
  return { items: page.items.map(toPayment), nextCursor: page.nextCursor };
}

/** Every state change of a payment, oldest first. */
export async function listPaymentAudit(deps: PaymentsDeps, paymentId: string) {
  if (!(await findPayment(deps.db, paymentId))) throw new AppError('not_found', `No payment ${paymentId}`);
  const rows = await listPaymentEvents(deps.db, paymentId);
  return {
    items: rows.map((row) => ({
      action: row.action,
      fromStatus: row.fromStatus,
      toStatus: row.toStatus,
      actor: row.actor,
      detail: row.detail,
      at: row.createdAt.toISOString(),
    })),
  };
}
