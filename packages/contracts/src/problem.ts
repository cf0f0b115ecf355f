import { z } from 'zod';

/** One field problem inside a 400/422 answer. */
export const FieldProblemSchema = z.object({
  path: z.string(),
  message: z.string(),
});

/** RFC 9457 problem details: the only error shape any service answers with. */
export const ProblemSchema = z.object({
  type: z.string(),
  title: z.string(),
  status: z.number().int().min(400).max(599),
  detail: z.string(),
  instance: z.string().optional(),
  errors: z.array(FieldProblemSchema).optional(),
});
export type Problem = z.infer<typeof ProblemSchema>;
export type FieldProblem = z.infer<typeof FieldProblemSchema>;

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';
