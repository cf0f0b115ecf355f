import type { ProblemSchema as ProblemShape } from '@edu/contracts';
import { IdSchema } from '@edu/contracts';
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

/** A problem a route answers: its code, or its code and what it means for this route. */
type ProblemEntry = ProblemCode | readonly [ProblemCode, string];
type CodeOf<Entry> = Entry extends readonly [infer Code, string] ? Code : Entry;
type ProblemResponse = {
  description: string;
  content: { 'application/problem+json': { schema: typeof ProblemComponent } };
};

/**
 * What a route says of a problem when it gives no description of its own. A binding that
 * cannot answer is `unavailable` (503) everywhere, the gateway's health included.
 */
const DEFAULT_DESCRIPTIONS: Partial<Record<ProblemCode, string>> = {
  validation_failed: 'The input is invalid (`errors` lists each field)',
  unauthorized: 'No valid access token',
  forbidden: 'Signed in, but not allowed to do this',
  unavailable: 'A service this operation needs is not answering; try again shortly',
};

/**
 * The OpenAPI `responses` entries for the problems a route can answer, so every error status
 * shows in the document with the problem+json shape. The one helper every service uses.
 *
 * @example
 * responses: { 200: jsonContent(Course, 'The course'), ...problemResponses('validation_failed', ['not_found', 'No such course']) }
 */
export function problemResponses<const Entries extends ProblemEntry[]>(...entries: Entries) {
  const responses = entries.map((entry) => {
    const [code, description] = typeof entry === 'string' ? [entry, undefined] : entry;
    const response: ProblemResponse = {
      description: description ?? DEFAULT_DESCRIPTIONS[code] ?? PROBLEMS[code].title,
      content: { 'application/problem+json': { schema: ProblemComponent } },
    };
    return [PROBLEMS[code].status, response] as const;
  });
  return Object.fromEntries(responses) as Record<
    (typeof PROBLEMS)[CodeOf<Entries[number]>]['status'],
    ProblemResponse
  >;
}

/**
 * A JSON response (or request body) entry of an OpenAPI route.
 *
 * @example
 * responses: { 200: jsonContent(CourseSchema, 'The course') }
 */
export function jsonContent<Schema extends z.ZodType>(schema: Schema, description: string) {
  return { description, content: { 'application/json': { schema } } };
}

/** A required JSON request body of an OpenAPI route. */
export function jsonBody<Schema extends z.ZodType>(schema: Schema) {
  return { required: true, content: { 'application/json': { schema } } };
}

/** Every id in a path: opaque, 1..64 characters, no NUL (docs/API.md). */
export function idParam(name: string, example?: string) {
  // IdSchema may be made before @hono/zod-openapi extends zod (import order); a clone made now has .openapi.
  return IdSchema.clone().openapi({ param: { name, in: 'path' }, ...(example ? { example } : {}) });
}

/**
 * The path parameters of a route whose path holds only ids.
 *
 * @example
 * request: { params: idParams('id', 'lessonId') }   // /api/v1/courses/{id}/lessons/{lessonId}
 */
export function idParams<const Names extends string[]>(...names: Names) {
  const shape = Object.fromEntries(names.map((name) => [name, idParam(name)]));
  return z.object(shape as { [Name in Names[number]]: ReturnType<typeof idParam> });
}

export const BEARER_SECURITY = [{ bearerAuth: [] }];
