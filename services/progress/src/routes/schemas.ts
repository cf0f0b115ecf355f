import { z } from '@hono/zod-openapi';

/** A moment as the API writes it: an ISO 8601 date-time in UTC. */
export const Timestamp = z.string().openapi({ format: 'date-time' });

/** The figures of a learner's progress in a course, the same wherever they are shown. */
export const progressFigures = {
  courseId: z.string(),
  completedLessons: z.number().int(),
  totalLessons: z.number().int(),
  percent: z
    .number()
    .int()
    .min(0)
    .max(100)
    .openapi({ description: 'Rounded down; 100 only when all are done' }),
  completedAt: Timestamp.nullable().openapi({ description: 'Stays set when lessons are added later' }),
};
