import type { EventData } from '@edu/contracts';
import type { Database } from '@edu/platform/db';
import {
  grantCourseAccess,
  grantSeat,
  hasCourseAccess,
  revokeCertificate,
  revokeCourseAccess,
  revokeSeat,
  setSubscription,
} from '../db/projections.ts';
import { seatOf } from '../domain/access.ts';

/**
 * Who may record progress in which course, from access, refund and subscription events. Each
 * runs in the transaction the event's inbox record is written in, and is safe to repeat.
 */

/** The event that announced a change: its id and when it happened. */
interface Announcement {
  eventId: string;
  at: Date;
}

/** COURSE_ACCESS_GRANTED: a partner's seat (reason `enrollment`), or a purchase's access. */
export async function grantAccess(
  tx: Database,
  access: EventData<'COURSE_ACCESS_GRANTED'>,
  announcement: Announcement,
): Promise<void> {
  const seat = seatOf(access, announcement);
  if (seat) {
    await grantSeat(tx, seat);
    return;
  }
  await grantCourseAccess(tx, {
    userId: access.userId,
    courseId: access.courseId,
    paymentId: access.paymentId ?? null,
  });
}

/**
 * COURSE_ACCESS_REVOKED: a revoked seat ends that seat only, and leaves an earned certificate
 * alone (the partner ended the seat, the learner still did the work). Any other revocation is
 * a purchase's (see `revokePurchase`). Answers the id of the certificate it revoked, if any.
 */
export async function revokeAccess(
  tx: Database,
  access: EventData<'COURSE_ACCESS_REVOKED'>,
  announcement: Announcement,
): Promise<string | null> {
  const seat = seatOf(access, announcement);
  if (seat) {
    await revokeSeat(tx, seat);
    return null;
  }
  return revokePurchase(tx, {
    userId: access.userId,
    courseId: access.courseId,
    paymentId: access.paymentId,
  });
}

/**
 * A purchase's revocation (its refund, PAYMENT_REFUNDED, or COURSE_ACCESS_REVOKED for it) ends
 * the purchase's access and revokes the course's certificate, unless a partner's seat still
 * gives the course. Answers the id of the certificate it revoked, if any.
 */
export async function revokePurchase(
  tx: Database,
  purchase: { userId: string; courseId: string; paymentId?: string | undefined },
): Promise<string | null> {
  await revokeCourseAccess(tx, {
    userId: purchase.userId,
    courseId: purchase.courseId,
    paymentId: purchase.paymentId ?? null,
  });
  if (await hasCourseAccess(tx, purchase.userId, purchase.courseId)) return null;
  return revokeCertificate(tx, purchase);
}

/** SUBSCRIPTION_CREATED / SUBSCRIPTION_CANCELED: all-access while active; a cancellation is final. */
export async function recordSubscription(
  tx: Database,
  subscription: EventData<'SUBSCRIPTION_CREATED'>,
  status: 'active' | 'canceled',
): Promise<void> {
  await setSubscription(tx, {
    subscriptionId: subscription.subscriptionId,
    userId: subscription.userId,
    status,
  });
}
