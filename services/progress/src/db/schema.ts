import { jsonb } from '@edu/platform/db';
import { defineInboxTable, defineOutboxTable } from '@edu/platform/events';
import { index, integer, pgSchema, primaryKey, text, timestamp, unique } from 'drizzle-orm/pg-core';

/** Everything the progress service stores lives in its own PostgreSQL schema. */
export const progressSchema = pgSchema('progress');

export const outbox = defineOutboxTable(progressSchema);
export const inbox = defineInboxTable(progressSchema);

const createdAt = () => timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow();
const updatedAt = () => timestamp('updated_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow();

// ---- Projections fed by other services' events (we never read their tables). ----

/** Courses as the courses service announces them (COURSE_CREATED/UPDATED/PUBLISHED/UNPUBLISHED/ARCHIVED). */
export const courses = progressSchema.table('courses', {
  courseId: text('course_id').primaryKey(),
  title: text('title').notNull(),
  instructorId: text('instructor_id').notNull(),
  status: text('status', { enum: ['draft', 'published', 'archived'] }).notNull(),
  updatedAt: updatedAt(),
});

/** Lessons per course from LESSON_ADDED/UPDATED/REMOVED; `position` orders them for the resume lesson. */
export const lessons = progressSchema.table(
  'lessons',
  {
    lessonId: text('lesson_id').primaryKey(),
    courseId: text('course_id').notNull(),
    title: text('title').notNull(),
    position: integer('position').notNull(),
    createdAt: createdAt(),
  },
  (table) => [index('lessons_course_idx').on(table.courseId, table.position)],
);

/** Learner names from USER_CREATED/USER_UPDATED, printed on certificates. */
export const learners = progressSchema.table('learners', {
  userId: text('user_id').primaryKey(),
  name: text('name').notNull(),
  updatedAt: updatedAt(),
});

/**
 * Per-course access from COURSE_ACCESS_GRANTED/REVOKED and PAYMENT_REFUNDED. `paymentId`
 * remembers which purchase a revocation was for, so a late grant of that same refunded
 * purchase does not bring access back.
 */
export const courseAccess = progressSchema.table(
  'course_access',
  {
    userId: text('user_id').notNull(),
    courseId: text('course_id').notNull(),
    status: text('status', { enum: ['active', 'revoked'] }).notNull(),
    paymentId: text('payment_id'),
    updatedAt: updatedAt(),
  },
  (table) => [primaryKey({ columns: [table.userId, table.courseId] })],
);

/**
 * Partners' seats from COURSE_ACCESS_GRANTED/REVOKED with reason `enrollment`: one row per
 * partner, learner and course, the latest seat. A seat is a source of access of its own, apart
 * from `course_access` (purchases), so revoking a seat never takes away a purchase or another
 * partner's seat. It is also what partner progress reports list (active seats only).
 */
export const partnerSeats = progressSchema.table(
  'partner_seats',
  {
    partnerId: text('partner_id').notNull(),
    userId: text('user_id').notNull(),
    courseId: text('course_id').notNull(),
    /** The courses service's enrollment id: a revocation applies only to the seat it names. */
    enrollmentId: text('enrollment_id').notNull(),
    email: text('email'),
    enrolledAt: timestamp('enrolled_at', { withTimezone: true, mode: 'date' }).notNull(),
    revokedAt: timestamp('revoked_at', { withTimezone: true, mode: 'date' }),
  },
  (table) => [
    primaryKey({ columns: [table.partnerId, table.userId, table.courseId] }),
    // Reports walk a partner's seats newest first (enrollment ids are UUIDv7).
    index('partner_seats_partner_idx').on(table.partnerId, table.enrollmentId.desc()),
    index('partner_seats_user_course_idx').on(table.userId, table.courseId),
  ],
);

/** All-access subscriptions from SUBSCRIPTION_CREATED/CANCELED. */
export const subscriptions = progressSchema.table(
  'subscriptions',
  {
    subscriptionId: text('subscription_id').primaryKey(),
    userId: text('user_id').notNull(),
    status: text('status', { enum: ['active', 'canceled'] }).notNull(),
    updatedAt: updatedAt(),
  },
  (table) => [index('subscriptions_user_idx').on(table.userId)],
);

// ---- What this service owns. ----

/** One row per user and lesson; `completed` is final. */
export const lessonProgress = progressSchema.table(
  'lesson_progress',
  {
    userId: text('user_id').notNull(),
    lessonId: text('lesson_id').notNull(),
    courseId: text('course_id').notNull(),
    status: text('status', { enum: ['viewed', 'completed'] }).notNull(),
    viewedAt: timestamp('viewed_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
    completedAt: timestamp('completed_at', { withTimezone: true, mode: 'date' }),
  },
  (table) => [
    primaryKey({ columns: [table.userId, table.lessonId] }),
    index('lesson_progress_user_course_idx').on(table.userId, table.courseId),
  ],
);

/**
 * One row per user and course with a completed lesson. Each newly completed lesson bumps
 * `completedLessons` with an upsert, which locks the row: completions of one user and course
 * are counted one at a time, so exactly one of them sees the count reach the total.
 */
export const courseEnrollments = progressSchema.table(
  'course_enrollments',
  {
    userId: text('user_id').notNull(),
    courseId: text('course_id').notNull(),
    completedLessons: integer('completed_lessons').notNull().default(0),
    startedAt: createdAt(),
  },
  (table) => [primaryKey({ columns: [table.userId, table.courseId] })],
);

/** A course completed by a user: the primary key makes COURSE_COMPLETED happen once. */
export const courseCompletions = progressSchema.table(
  'course_completions',
  {
    userId: text('user_id').notNull(),
    courseId: text('course_id').notNull(),
    completedAt: timestamp('completed_at', { withTimezone: true, mode: 'date' }).notNull(),
    certificateId: text('certificate_id').notNull(),
  },
  (table) => [primaryKey({ columns: [table.userId, table.courseId] })],
);

/** Issued certificates; `credential` is the signed JWS anyone can verify with our JWKS. */
export const certificates = progressSchema.table(
  'certificates',
  {
    id: text('id').primaryKey(),
    userId: text('user_id').notNull(),
    courseId: text('course_id').notNull(),
    learnerName: text('learner_name').notNull(),
    courseTitle: text('course_title').notNull(),
    issuedAt: timestamp('issued_at', { withTimezone: true, mode: 'date' }).notNull(),
    revokedAt: timestamp('revoked_at', { withTimezone: true, mode: 'date' }),
    credential: text('credential').notNull(),
  },
  (table) => [unique('certificates_user_course_unique').on(table.userId, table.courseId)],
);

/**
 * The certificate signing keys (ES256 JWKs). Generated once on first use unless
 * CERTIFICATE_SIGNING_KEY is configured; retired keys stay so old certificates still verify.
 */
export const signingKeys = progressSchema.table('signing_keys', {
  kid: text('kid').primaryKey(),
  privateJwk: jsonb('private_jwk').notNull(),
  publicJwk: jsonb('public_jwk').notNull(),
  createdAt: createdAt(),
});
