import { IdSchema, WITHOUT_NUL } from '@edu/contracts';
import { PageLimitSchema, pageSchema } from '@edu/platform/http';
import { z } from '@hono/zod-openapi';
import { progressFigures, Timestamp } from '../schemas.ts';

const EXAMPLE_ROW = {
  userId: '01930000-0000-7000-8000-00000000a003',
  email: 'learner@example.com',
  courseId: '01930000-0000-7000-8000-0000000c0001',
  enrolledAt: '2026-11-24T12:00:00.000Z',
  percent: 66,
  completedLessons: 2,
  totalLessons: 3,
  status: 'in_progress',
  lastActivityAt: '2026-11-25T09:30:00.000Z',
  completedAt: null,
  certificateId: null,
} as const;

const PartnerProgressSchema = z
  .object({
    userId: z.string(),
    email: z.string().optional().openapi({ description: 'The email the learner was enrolled with' }),
    courseId: progressFigures.courseId,
    enrolledAt: Timestamp,
    percent: progressFigures.percent,
    completedLessons: progressFigures.completedLessons,
    totalLessons: progressFigures.totalLessons,
    status: z.enum(['not_started', 'in_progress', 'completed']),
    lastActivityAt: Timestamp.nullable().openapi({ description: 'The last lesson viewed or completed' }),
    completedAt: progressFigures.completedAt,
    certificateId: z
      .string()
      .nullable()
      .openapi({ description: 'The certificate for the course, unless revoked' }),
  })
  .openapi('PartnerProgress', { example: EXAMPLE_ROW });

export const PartnerProgressPageSchema = pageSchema(PartnerProgressSchema).openapi('PartnerProgressPage', {
  example: { items: [EXAMPLE_ROW], nextCursor: null },
});

export const ReportQuery = z.object({
  courseId: IdSchema.optional().openapi({ description: 'Only this course' }),
  userId: IdSchema.optional().openapi({ description: 'Only this learner' }),
  limit: PageLimitSchema,
  // Not the shared CursorSchema: this report has always accepted an empty cursor as input
  // (and answered it 400 as not one of its own), and the published contract stays as it is.
  cursor: z.string().max(512).regex(WITHOUT_NUL, 'must not contain NUL characters').optional(),
});
