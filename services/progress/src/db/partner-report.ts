import type { Database } from '@edu/platform/db';
import { and, desc, eq, isNull, lt, type SQL } from 'drizzle-orm';
import { partnerSeats } from './schema.ts';

interface ActiveSeat {
  /** The seat's enrollment id (the courses service's; UUIDv7, so newest sorts last). */
  id: string;
  userId: string;
  courseId: string;
  email: string | null;
  enrolledAt: Date;
}

/** One page of a partner's active seats, newest first; one extra row tells if more follow. */
export async function listActiveSeats(
  db: Database,
  partnerId: string,
  options: {
    limit: number;
    afterEnrollmentId?: string | undefined;
    courseId?: string | undefined;
    userId?: string | undefined;
  },
): Promise<ActiveSeat[]> {
  const conditions: SQL[] = [eq(partnerSeats.partnerId, partnerId), isNull(partnerSeats.revokedAt)];
  if (options.courseId) conditions.push(eq(partnerSeats.courseId, options.courseId));
  if (options.userId) conditions.push(eq(partnerSeats.userId, options.userId));
  if (options.afterEnrollmentId) conditions.push(lt(partnerSeats.enrollmentId, options.afterEnrollmentId));
  return db
    .select({
      userId: partnerSeats.userId,
      courseId: partnerSeats.courseId,
      id: partnerSeats.enrollmentId,
      email: partnerSeats.email,
      enrolledAt: partnerSeats.enrolledAt,
    })
    .from(partnerSeats)
    .where(and(...conditions))
    .orderBy(desc(partnerSeats.enrollmentId))
    .limit(options.limit + 1);
}
