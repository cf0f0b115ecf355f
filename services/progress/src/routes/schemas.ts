import { WITHOUT_NUL } from '@edu/contracts';
import { ProblemComponent } from '@edu/platform/http';
import { z } from '@hono/zod-openapi';

export const IdParam = z.string().min(1).max(64).regex(WITHOUT_NUL, 'must not contain NUL characters');
const Timestamp = z.string().openapi({ format: 'date-time' });

export const LessonParams = z.object({
  lessonId: IdParam.openapi({ param: { name: 'lessonId', in: 'path' } }),
});

export const CourseParams = z.object({
  courseId: IdParam.openapi({ param: { name: 'courseId', in: 'path' } }),
});

export const CertificateParams = z.object({
  id: IdParam.openapi({ param: { name: 'id', in: 'path' } }),
});

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

const progressFigures = {
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

export const CourseProgressSummarySchema = z.object(progressFigures).openapi('CourseProgressSummary');

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
    .pipe(z.array(IdParam).min(1).max(100))
    .openapi({ description: 'Comma-separated course ids (at most 100)', example: 'course-a,course-b' }),
});

export const CertificateSchema = z
  .object({
    id: z.string(),
    userId: z.string(),
    courseId: z.string(),
    learnerName: z.string(),
    courseTitle: z.string(),
    issuedAt: Timestamp,
    revokedAt: Timestamp.nullable(),
    credential: z.string().openapi({
      description: 'Compact JWS (ES256, typ certificate+jwt); keys at /api/v1/certificates/keys',
    }),
  })
  .openapi('Certificate');

const Reason = z
  .enum(['malformed', 'invalid_signature', 'unknown_key', 'wrong_issuer', 'not_found', 'revoked'])
  .optional();

export const VerificationSchema = z
  .object({ valid: z.boolean(), reason: Reason })
  .openapi('CertificateVerification');

export const CredentialVerificationSchema = z
  .object({ valid: z.boolean(), reason: Reason, certificate: CertificateSchema.optional() })
  .openapi('CredentialVerification');

export const CredentialInputSchema = z
  .object({ credential: z.string().min(1).max(16_384) })
  .openapi('CredentialInput');

export const JwksSchema = z
  .object({ keys: z.array(z.record(z.string(), z.unknown())) })
  .openapi('JsonWebKeySet');

export const json = <T extends z.ZodType>(schema: T, description: string) => ({
  description,
  content: { 'application/json': { schema } },
});

export const jsonBody = <T extends z.ZodType>(schema: T) => ({
  required: true,
  content: { 'application/json': { schema } },
});

const problem = (description: string) => ({
  description,
  content: { 'application/problem+json': { schema: ProblemComponent } },
});

export const PROBLEMS = {
  400: problem('Invalid input'),
  401: problem('No verified caller'),
  403: problem('The caller may not do this'),
  404: problem('No such lesson, course or certificate'),
} as const;
