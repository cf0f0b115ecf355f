import type { Database } from '@edu/platform/db';
import { and, desc, eq, exists, isNull, lt, or, type SQL, sql } from 'drizzle-orm';
import { type CourseRow, coursePurchases, courses, partnerEnrollments, subscriptions } from './schema.ts';

export type Access = 'purchase' | 'enrollment' | 'subscription';

/**
 * The published courses a learner may take, newest first: those bought and not refunded
 * (access `purchase`), those a partner gave them a seat in (`enrollment`), and with an active
 * subscription every other one (`subscription`); plus archived courses they bought or hold a seat in.
 */
export async function listAccessibleCourses(
  db: Database,
  userId: string,
  page: { limit: number; afterId?: string | undefined },
): Promise<Array<{ course: CourseRow; access: Access }>> {
  const purchased = exists(
    db
      .select({ one: sql`1` })
      .from(coursePurchases)
      .where(
        and(
          eq(coursePurchases.userId, userId),
          eq(coursePurchases.courseId, courses.id),
          eq(coursePurchases.status, 'active'),
        ),
      ),
  );
  const enrolled = exists(
    db
      .select({ one: sql`1` })
      .from(partnerEnrollments)
      .where(
        and(
          eq(partnerEnrollments.userId, userId),
          eq(partnerEnrollments.courseId, courses.id),
          isNull(partnerEnrollments.revokedAt),
        ),
      ),
  );
  const subscribed = exists(
    db
      .select({ one: sql`1` })
      .from(subscriptions)
      .where(and(eq(subscriptions.userId, userId), eq(subscriptions.status, 'active'))),
  );
  // An archived course stays with those who own it (bought it, or hold a seat); a subscription
  // covers only what is in the catalog, so it does not bring back retired courses.
  const owned = or(purchased, enrolled) ?? purchased;
  const conditions: SQL[] = [
    or(
      and(eq(courses.status, 'published'), or(owned, subscribed)),
      and(eq(courses.status, 'archived'), owned),
    ) ?? owned,
  ];
  if (page.afterId) conditions.push(lt(courses.id, page.afterId));
  const rows = await db
    .select({ course: courses, purchased: sql<boolean>`${purchased}`, enrolled: sql<boolean>`${enrolled}` })
    .from(courses)
    .where(and(...conditions))
    .orderBy(desc(courses.id))
    .limit(page.limit);
  return rows.map((row) => ({ course: row.course, access: accessOf(row) }));
}

/** The access to show when several sources overlap: the learner's own purchase first. */
function accessOf(row: { purchased: boolean; enrolled: boolean }): Access {
  if (row.purchased) return 'purchase';
  return row.enrolled ? 'enrollment' : 'subscription';
}
