import { jsonContent, type ServiceApp } from '@edu/platform/http';
import { createRoute, z } from '@hono/zod-openapi';
import type { GatewayOperationsDeps } from '../../operations/deps.ts';
import { platformHealth } from '../../operations/platform.ts';

const PlatformHealthSchema = z
  .object({
    status: z.enum(['ok', 'degraded']),
    services: z.record(z.string(), z.enum(['ok', 'down'])),
  })
  .openapi('PlatformHealth', {
    example: {
      status: 'ok',
      services: { users: 'ok', courses: 'ok', payments: 'ok', notifications: 'ok', progress: 'ok' },
    },
  });

const route = createRoute({
  method: 'get',
  path: '/api/v1/health',
  tags: ['Health'],
  summary: 'Health of the platform',
  description: 'Asks every service behind the gateway; 200 when all are ok, 503 otherwise.',
  responses: {
    200: jsonContent(PlatformHealthSchema, 'Every service is ok'),
    503: jsonContent(PlatformHealthSchema, 'At least one service is down'),
  },
});

export function registerGetHealth(app: ServiceApp, deps: GatewayOperationsDeps) {
  app.openapi(route, async (c) => {
    const health = await platformHealth(deps, c.get('requestId'));
    return health.status === 'ok' ? c.json(health, 200) : c.json(health, 503);
  });
}
