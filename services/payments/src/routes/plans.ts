import type { AppEnv } from '@edu/platform/http';
import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import { PLANS } from '../domain/plans.ts';

const PlanSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    priceCents: z.number().int(),
    currency: z.string(),
    interval: z.enum(['month', 'year']),
  })
  .openapi('Plan');

const listPlansRoute = createRoute({
  method: 'get',
  path: '/api/v1/payments/plans',
  tags: ['Payments'],
  summary: 'The subscription plans on offer',
  responses: {
    200: {
      description: 'All plans',
      content: { 'application/json': { schema: z.object({ items: z.array(PlanSchema) }) } },
    },
  },
});

export function registerPlanRoutes(app: OpenAPIHono<AppEnv>) {
  // Anyone may see the plans: they are public prices, not account data.
  app.openapi(listPlansRoute, (c) => c.json({ items: PLANS.map((plan) => ({ ...plan })) }, 200));
}
