import { PageQuerySchema, pageSchema } from '@edu/platform/http';
import { z } from '@hono/zod-openapi';
import { CourseSchema } from '../schemas.ts';

const MyCourseSchema = z
  .object({
    course: CourseSchema,
    access: z.enum(['purchase', 'enrollment', 'subscription']),
    progress: z.object({
      completedLessons: z.number().int(),
      totalLessons: z.number().int(),
      percent: z.number().int().min(0).max(100),
    }),
  })
  .openapi('MyCourse');

export const MyCoursesPageSchema = pageSchema(MyCourseSchema).openapi('MyCoursesPage');

export const AuthoredCoursesQuerySchema = z.object({
  status: CourseSchema.shape.status
    .optional()
    .openapi({ description: 'Only the courses in this status; all of them when absent' }),
  ...PageQuerySchema.shape,
});
