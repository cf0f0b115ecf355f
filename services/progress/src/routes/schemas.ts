import { IdSchema } from '@edu/contracts';
import { z } from '@hono/zod-openapi';

/**
 * The path parameters of a route whose path holds one id: `idParams` of @edu/platform/http, which
 * cannot serve yet. It calls `.openapi` on @edu/contracts' IdSchema, and zod gives a schema that
 * method only if @hono/zod-openapi had extended zod when the schema was built, which is not so
 * where @edu/contracts loads first (npm start's runner). A clone is built now, so it has it.
 */
export function idPathParams<const Name extends string>(name: Name) {
  const schema = IdSchema.clone().openapi({ param: { name, in: 'path' } });
  return z.object({ [name]: schema } as { [Key in Name]: typeof schema });
}

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
