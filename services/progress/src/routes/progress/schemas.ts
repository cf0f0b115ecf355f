import { IdSchema } from '@edu/contracts';
import { z } from '@hono/zod-openapi';
import { progressFigures, Timestamp } from '../schemas.ts';

export const RecordLessonSchema = z
  .object({
    status: z
      .enum(['viewed', 'completed'])
      .default('completed')
      .openapi({ description: 'Completed is final: a later "viewed" does not take it back' }),
  })
  .openapi('LessonProgressInput');

export const LessonProgressSchema = z
  .object({
    lessonId: z.string(),
    courseId: z.string(),
    status: z.enum(['viewed', 'completed']),
    completedAt: Timestamp.nullable(),
  })
  .openapi('LessonProgress');

export const CourseProgressSchema = z
  .object({
    ...progressFigures,
    lessons: z.array(
      z.object({ lessonId: z.string(), status: z.enum(['not_started', 'viewed', 'completed']) }),
    ),
    resumeLessonId: z
      .string()
      .nullable()
      .openapi({ description: 'The first lesson by position not completed; null when all are' }),
  })
  .openapi('CourseProgress');

const CourseProgressSummarySchema = z.object(progressFigures).openapi('CourseProgressSummary');

export const CourseProgressListSchema = z
  .object({ items: z.array(CourseProgressSummarySchema) })
  .openapi('CourseProgressList');

export const CourseIdsQuery = z.object({
  courseIds: z
    .string()
    .min(1)
    .max(6_600)
    // Printable ASCII only: 6,600 such characters fit the HTTP server's request-line limit, where
    // percent-encoded Unicode (up to 12 bytes a character) would be refused before the API (431).
    .regex(/^[\x21-\x7e]+$/, 'must be printable ASCII')
    .transform((value) =>
      value
        .split(',')
        .map((id) => id.trim())
        .filter((id) => id.length > 0),
    )
    .pipe(z.array(IdSchema).min(1).max(100))
    .openapi({ description: 'Comma-separated course ids (at most 100)', example: 'course-a,course-b' }),
});
