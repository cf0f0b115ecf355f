import type { Database } from '@edu/platform/db';
import { eq } from 'drizzle-orm';
import { certificates, courseCompletions, learners } from './schema.ts';

export type CertificateRow = typeof certificates.$inferSelect;

/**
 * Records the course as completed; true only for the one transaction that inserted the row
 * (the primary key on user and course is what makes COURSE_COMPLETED happen once).
 */
export async function insertCompletion(
  tx: Database,
  completion: { userId: string; courseId: string; completedAt: Date; certificateId: string },
): Promise<boolean> {
  const inserted = await tx
    .insert(courseCompletions)
    .values(completion)
    .onConflictDoNothing()
    .returning({ userId: courseCompletions.userId });
  return inserted.length > 0;
}

export async function insertCertificate(
  tx: Database,
  certificate: typeof certificates.$inferInsert,
): Promise<void> {
  await tx.insert(certificates).values(certificate);
}

export async function findCertificate(db: Database, id: string): Promise<CertificateRow | null> {
  const [row] = await db.select().from(certificates).where(eq(certificates.id, id));
  return row ?? null;
}

export async function findLearnerName(db: Database, userId: string): Promise<string | null> {
  const [row] = await db.select({ name: learners.name }).from(learners).where(eq(learners.userId, userId));
  return row?.name ?? null;
}
