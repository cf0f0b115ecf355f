import type { ProblemSchema as ProblemShape } from '@edu/contracts';
import { z } from '@hono/zod-openapi';
import { PROBLEMS, type ProblemCode } from './errors.ts';

/** The problem+json shape, named once (`Problem`) in every service's OpenAPI document. */
export const ProblemComponent = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    detail: z.string(),
    instance: z.string().optional(),
    errors: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
  })
  .openapi('Problem') satisfies z.ZodType<z.infer<typeof ProblemShape>>;

/**
 * The OpenAPI `responses` entries for the problems a route can answer, so every error status
 * shows in the document with the problem+json shape.
 *
 * @example
 * responses: { 200: {...}, ...problemResponses('validation_failed', 'unauthorized') }
 */
export function problemResponses<const Codes extends ProblemCode[]>(...codes: Codes) {
  const entries = codes.map((code) => [
    PROBLEMS[code].status,
    {
      description: PROBLEMS[code].title,
      content: { 'application/problem+json': { schema: ProblemComponent } },
    },
  ]);
  return Object.fromEntries(entries) as Record<
    (typeof PROBLEMS)[Codes[number]]['status'],
    { description: string; content: { 'application/problem+json': { schema: typeof ProblemComponent } } }
  >;
}

export const BEARER_SECURITY = [{ bearerAuth: [] }];
