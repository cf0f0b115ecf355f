import { jsonContent, type ServiceApp } from '@edu/platform/http';
import { createRoute, z } from '@hono/zod-openapi';
import { PLANS } from '../../domain/plans.ts';
import type { PaymentsDeps } from '../../operations/context.ts';

const PlanSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    priceCents: z.number().int(),
    currency: z.string(),
    interval: z.enum(['month', 'year']),
  })
  .openapi('Plan');

const route = createRoute({
  method: 'get',
  path: '/api/v1/payments/plans',
  tags: ['Payments'],
  summary: 'The subscription plans on offer',
  responses: {
    200: jsonContent(z.object({ items: z.array(PlanSchema) }), 'All plans'),
  },
});

/** Anyone may see the plans: they are public prices (configuration in domain/plans.ts), not account data. */
export function registerListPlans(app: ServiceApp, _deps: PaymentsDeps) {
  app.openapi(route, (c) => c.json({ items: PLANS.map((plan) => ({ ...plan })) }, 200));
}
