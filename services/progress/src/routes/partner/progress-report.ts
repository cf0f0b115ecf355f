import {
  BEARER_SECURITY,
  jsonContent,
  problemResponses,
  requirePartnerScope,
  type ServiceApp,
} from '@edu/platform/http';
import { createRoute } from '@hono/zod-openapi';
import type { ProgressDeps } from '../../operations/deps.ts';
import { listPartnerProgress } from '../../operations/partner-report.ts';
import { PartnerProgressPageSchema, ReportQuery } from './schemas.ts';

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
    200: jsonContent(PartnerProgressPageSchema, 'A page of the report'),
    ...problemResponses('validation_failed', 'unauthorized', 'forbidden'),
  },
});

export function registerPartnerProgressReport(app: ServiceApp, deps: ProgressDeps) {
  app.openapi(route, async (c) => {
    const partner = requirePartnerScope(c, 'progress:read');
    return c.json(await listPartnerProgress(deps, partner.sub, c.req.valid('query')), 200);
  });
}
