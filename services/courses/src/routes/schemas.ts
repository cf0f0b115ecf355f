import { IdSchema, isChargeableCurrency } from '@edu/contracts';
import { idParam, PageQuerySchema, pageSchema } from '@edu/platform/http';
import { z } from '@hono/zod-openapi';
import { isKnownCurrency } from '../domain/course.ts';

/** An id in the example course of docs/API.md's demo catalog. */
const EXAMPLE_COURSE_ID = '01930000-0000-7000-8000-0000000c0001';

export const CourseParams = z.object({ id: idParam('id', EXAMPLE_COURSE_ID) });

export const LessonParams = CourseParams.extend({ lessonId: idParam('lessonId') });

export const CourseSchema = z
  .object({
    id: z.string(),
    title: z.string(),
    description: z.string(),
    status: z.enum(['draft', 'published', 'archived']).openapi({
      description:
        '`archived`: out of the catalog and search and not for sale; those who own it keep its lessons',
    }),
    priceCents: z.number().int().openapi({
      description: 'Price in the currency’s ISO 4217 minor units (4900 is $49.00; 1000 is ¥1,000)',
      example: 4900,
    }),
    currency: z.string().openapi({ description: 'ISO 4217, upper case', example: 'EUR' }),
    instructorId: z.string(),
    lessonCount: z.number().int(),
    createdAt: z.string().openapi({ format: 'date-time' }),
    updatedAt: z.string().openapi({ format: 'date-time' }),
  })
  .openapi('Course');

export const LessonSchema = z
  .object({
    id: z.string(),
    courseId: z.string(),
    title: z.string(),
    position: z.number().int().openapi({ description: '1-based, dense within the course' }),
    durationSec: z.number().int(),
    freePreview: z.boolean(),
    content: z.string().optional().openapi({ description: 'Markdown; only for callers entitled to it' }),
  })
  .openapi('Lesson');

export const LessonListSchema = z.object({ items: z.array(LessonSchema) }).openapi('LessonList');

export const CoursePageSchema = pageSchema(CourseSchema).openapi('CoursePage');

const Title = z.string().trim().min(1).max(200);
const Currency = z
  .string()
  .regex(/^[A-Z]{3}$/, 'must be an upper-case ISO 4217 code')
  .refine(isKnownCurrency, 'is not an ISO 4217 currency')
  // A course nobody can pay for is refused here, not at the first learner's checkout.
  .refine(isChargeableCurrency, 'is not a currency the payment provider can charge');
const PriceCents = z.number().int().min(0).max(100_000_000);

export const NewCourseSchema = z
  .object({
    title: Title.openapi({ example: 'TypeScript from zero' }),
    description: z.string().max(10_000),
    priceCents: PriceCents,
    currency: Currency.openapi({ example: 'EUR' }),
  })
  .openapi('NewCourse');

export const CourseChangesSchema = NewCourseSchema.partial()
  .refine((changes) => Object.values(changes).some((value) => value !== undefined), {
    message: 'Give at least one of title, description, priceCents, currency',
  })
  .openapi('CourseChanges');

export const NewLessonSchema = z
  .object({
    title: Title,
    content: z.string().max(200_000).openapi({ description: 'Markdown' }),
    durationSec: z.number().int().min(0).max(86_400).optional(),
    freePreview: z.boolean().optional(),
  })
  .openapi('NewLesson');

export const LessonChangesSchema = NewLessonSchema.partial()
  .extend({
    position: z
      .number()
      .int()
      .min(1)
      .max(10_000)
      .optional()
      .openapi({ description: 'The new 1-based position; past the end moves the lesson to the end' }),
  })
  .refine((changes) => Object.values(changes).some((value) => value !== undefined), {
    message: 'Give at least one of title, content, durationSec, freePreview, position',
  })
  .openapi('LessonChanges');

/** Free text may be anything a person types, except NUL, which PostgreSQL text cannot hold. */
const SearchText = z
  .string()
  .max(200)
  .refine((text) => !text.includes('\u0000'), 'must not contain NUL characters');

/** Compared with an `integer` column: past int4's range PostgreSQL refuses the query (a 500). */
const PriceFilter = z.coerce.number().int().min(0).max(2_147_483_647);

export const CatalogQuerySchema = z.object({
  q: SearchText.optional().openapi({ description: 'Full-text search over title and description' }),
  instructorId: IdSchema.optional(),
  minPrice: PriceFilter.optional().openapi({ description: 'Minimum price in cents' }),
  maxPrice: PriceFilter.optional().openapi({ description: 'Maximum price in cents' }),
  ...PageQuerySchema.shape,
});

/** What a 404 of a course route means. */
export const NO_SUCH_COURSE = [
  'not_found',
  'No such course or lesson (or a draft the caller may not see)',
] as const;

/** What a 409 of a course route means. */
export const WRONG_COURSE_STATE = ['conflict', 'The course is not in a state that allows this'] as const;
