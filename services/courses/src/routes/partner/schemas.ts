import { WITHOUT_NUL } from '@edu/contracts';
import { PageLimitSchema } from '@edu/platform/http';
import { z } from '@hono/zod-openapi';
import { IdParam } from '../schemas.ts';

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

export const EnrollmentPageSchema = z
  .object({ items: z.array(EnrollmentSchema), nextCursor: z.string().nullable() })
  .openapi('EnrollmentPage', { example: { items: [EXAMPLE_ENROLLMENT], nextCursor: null } });

export const NewEnrollmentSchema = z
  .object({
    courseId: IdParam.openapi({ description: 'A published course', example: EXAMPLE_ENROLLMENT.courseId }),
    email: z.email().max(254).openapi({
      description: 'The email the learner registered with (any case)',
      example: 'learner@example.com',
    }),
  })
  .openapi('NewEnrollment');

export const EnrollmentQuerySchema = z.object({
  courseId: IdParam.optional().openapi({ description: 'Only seats in this course' }),
  limit: PageLimitSchema,
  cursor: z.string().max(512).regex(WITHOUT_NUL, 'must not contain NUL characters').optional(),
});

export const EnrollmentParams = z.object({
  enrollmentId: IdParam.openapi({
    param: { name: 'enrollmentId', in: 'path' },
    example: EXAMPLE_ENROLLMENT.id,
  }),
});
