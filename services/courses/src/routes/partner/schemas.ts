import { IdSchema } from '@edu/contracts';
import { idParam, PageQuerySchema, pageSchema } from '@edu/platform/http';
import { z } from '@hono/zod-openapi';

const EXAMPLE_ENROLLMENT = {
  id: '01930000-0000-7000-8000-0000000e0001',
  courseId: '01930000-0000-7000-8000-0000000c0001',
  userId: '01930000-0000-7000-8000-00000000a003',
  email: 'learner@example.com',
  status: 'active',
  createdAt: '2026-11-24T12:00:00.000Z',
  revokedAt: null,
} as const;

export const EnrollmentSchema = z
  .object({
    id: z.string(),
    courseId: z.string(),
    userId: z.string().openapi({ description: "The learner's user id" }),
    email: z.string().openapi({ description: "The learner's email as their profile had it at enrollment" }),
    status: z.enum(['active', 'revoked']),
    createdAt: z.string().openapi({ format: 'date-time' }),
    revokedAt: z.string().nullable().openapi({ format: 'date-time' }),
  })
  .openapi('Enrollment', {
    description: "A partner's seat in a course for one learner",
    example: EXAMPLE_ENROLLMENT,
  });

export const EnrollmentPageSchema = pageSchema(EnrollmentSchema).openapi('EnrollmentPage', {
  example: { items: [EXAMPLE_ENROLLMENT], nextCursor: null },
});

export const NewEnrollmentSchema = z
  .object({
    courseId: IdSchema.clone().openapi({
      description: 'A published course',
      example: EXAMPLE_ENROLLMENT.courseId,
    }),
    email: z.email().max(254).openapi({
      description: 'The email the learner registered with (any case)',
      example: 'learner@example.com',
    }),
  })
  .openapi('NewEnrollment');

export const EnrollmentQuerySchema = z.object({
  courseId: IdSchema.optional().openapi({ description: 'Only seats in this course' }),
  ...PageQuerySchema.shape,
});

export const EnrollmentParams = z.object({ enrollmentId: idParam('enrollmentId', EXAMPLE_ENROLLMENT.id) });
