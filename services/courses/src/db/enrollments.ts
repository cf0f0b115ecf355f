import type { Database } from '@edu/platform/db';
import { and, desc, eq, isNull, lt, type SQL, sql } from 'drizzle-orm';
import { type Enrollment, enrollmentStatus } from '../domain/enrollment.ts';
import { type PartnerEnrollmentRow, partnerEnrollments } from './schema.ts';

export function toEnrollment(row: PartnerEnrollmentRow): Enrollment {
  return {
    id: row.id,
    courseId: row.courseId,
    userId: row.userId,
    email: row.email,
    status: enrollmentStatus(row.revokedAt),
    createdAt: row.createdAt.toISOString(),
    revokedAt: row.revokedAt ? row.revokedAt.toISOString() : null,
  };
}

/**
 * Records a seat unless the partner already holds an active one for this learner and course.
 * The partial unique index decides (also between concurrent requests): `created` is false
 * and `row` the existing seat when it was already there.
 */
export async function insertEnrollment(
  tx: Database,
  seat: { id: string; partnerId: string; userId: string; courseId: string; email: string },
): Promise<{ row: PartnerEnrollmentRow; created: boolean }> {
  const [inserted] = await tx.insert(partnerEnrollments).values(seat).onConflictDoNothing().returning();
  if (inserted) return { row: inserted, created: true };
  const [existing] = await tx
    .select()
    .from(partnerEnrollments)
    .where(
      and(
        eq(partnerEnrollments.partnerId, seat.partnerId),
        eq(partnerEnrollments.userId, seat.userId),
        eq(partnerEnrollments.courseId, seat.courseId),
        isNull(partnerEnrollments.revokedAt),
      ),
    );
  if (!existing) throw new Error('The active enrollment that blocked the insert vanished');
  return { row: existing, created: false };
}

/** The partner's seat `id` (never another partner's), or null. */
export async function findEnrollment(
  db: Database,
  partnerId: string,
  id: string,
): Promise<PartnerEnrollmentRow | null> {
  const [row] = await db
    .select()
    .from(partnerEnrollments)
    .where(and(eq(partnerEnrollments.id, id), eq(partnerEnrollments.partnerId, partnerId)));
  return row ?? null;
}

/** Revokes the partner's active seat `id`; the revoked row, or null when there was no active one. */
export async function revokeActiveSeat(
  tx: Database,
  partnerId: string,
  id: string,
): Promise<PartnerEnrollmentRow | null> {
  const [row] = await tx
    .update(partnerEnrollments)
    .set({ revokedAt: sql`now()` })
    .where(
      and(
        eq(partnerEnrollments.id, id),
        eq(partnerEnrollments.partnerId, partnerId),
        isNull(partnerEnrollments.revokedAt),
      ),
    )
    .returning();
  return row ?? null;
}

/** One page of the partner's seats, newest first, after `afterId`; one extra row tells if more follow. */
export async function listEnrollments(
  db: Database,
  partnerId: string,
  options: { limit: number; afterId?: string | undefined; courseId?: string | undefined },
): Promise<PartnerEnrollmentRow[]> {
  const conditions: SQL[] = [eq(partnerEnrollments.partnerId, partnerId)];
  if (options.courseId) conditions.push(eq(partnerEnrollments.courseId, options.courseId));
  if (options.afterId) conditions.push(lt(partnerEnrollments.id, options.afterId));
  return db
    .select()
    .from(partnerEnrollments)
    .where(and(...conditions))
    .orderBy(desc(partnerEnrollments.id))
    .limit(options.limit + 1);
}
