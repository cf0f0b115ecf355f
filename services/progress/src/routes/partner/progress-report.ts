import { WITHOUT_NUL } from '@edu/contracts';
import {
  type AppEnv,
  BEARER_SECURITY,
  PageLimitSchema,
  problemResponses,
  requirePartnerScope,
} from '@edu/platform/http';
import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import type { PartnerReport } from '../../partner-report-service.ts';
import { IdParam, json } from '../schemas.ts';

const Timestamp = z.string().openapi({ format: 'date-time' });

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
    courseId: z.string(),
    enrolledAt: Timestamp,
    percent: z
      .number()
      .int()
      .min(0)
      .max(100)
      .openapi({ description: 'Rounded down; 100 only when all are done' }),
    completedLessons: z.number().int(),
    totalLessons: z.number().int(),
    status: z.enum(['not_started', 'in_progress', 'completed']),
    lastActivityAt: Timestamp.nullable().openapi({ description: 'The last lesson viewed or completed' }),
    completedAt: Timestamp.nullable().openapi({ description: 'Stays set when lessons are added later' }),
    certificateId: z
      .string()
      .nullable()
      .openapi({ description: 'The certificate for the course, unless revoked' }),
  })
  .openapi('PartnerProgress', { example: EXAMPLE_ROW });

const PartnerProgressPageSchema = z
  .object({ items: z.array(PartnerProgressSchema), nextCursor: z.string().nullable() })
  .openapi('PartnerProgressPage', { example: { items: [EXAMPLE_ROW], nextCursor: null } });

const ReportQuery = z.object({
  courseId: IdParam.optional().openapi({ description: 'Only this course' }),
  userId: IdParam.optional().openapi({ description: 'Only this learner' }),
  limit: PageLimitSchema,
  cursor: z.string().max(512).regex(WITHOUT_NUL, 'must not contain NUL characters').optional(),
});

const route = createRoute({
  method: 'get',
  path: '/api/v1/partner/progress',
  tags: ['Partner'],
  security: BEARER_SECURITY,
  summary: 'Progress of the learners the calling partner enrolled (partner, scope progress:read)',
  description:
    'One row per learner and course the partner holds an active seat for (POST /api/v1/partner/enrollments), newest seat first; never a learner the partner did not enroll, nor a revoked seat. Filters `courseId` and `userId`; cursor pagination: pass `nextCursor` back as `cursor`. Seats appear a moment after enrollment (they travel as events).',
  request: { query: ReportQuery },
  responses: {
    200: json(PartnerProgressPageSchema, 'A page of the report'),
    ...problemResponses('validation_failed', 'unauthorized', 'forbidden'),
  },
});

export function registerPartnerProgressReport(app: OpenAPIHono<AppEnv>, report: PartnerReport) {
  app.openapi(route, async (c) => {
    const partner = requirePartnerScope(c, 'progress:read');
    return c.json(await report.list(partner.sub, c.req.valid('query')), 200);
  });
}
