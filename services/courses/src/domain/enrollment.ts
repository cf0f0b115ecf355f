/** A partner's seat in a course for one learner, as the partner API shows it. */
export interface Enrollment {
  id: string;
  courseId: string;
  userId: string;
  email: string;
  status: 'active' | 'revoked';
  createdAt: string;
  revokedAt: string | null;
}

/** A seat is active until its partner revokes it; revoking is final (enrolling again makes a new seat). */
export function enrollmentStatus(revokedAt: Date | null): Enrollment['status'] {
  return revokedAt === null ? 'active' : 'revoked';
}
