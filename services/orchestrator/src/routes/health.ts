import { SERVICE_NAMES, type ServiceName } from '@edu/contracts';
import type { ServiceBinding } from '@edu/platform';
import type { AppEnv } from '@edu/platform/http';
import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';

const HEALTH_TIMEOUT_MS = 2_000;

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

const healthRoute = createRoute({
  method: 'get',
  path: '/api/v1/health',
  tags: ['Health'],
  summary: 'Health of the platform',
  description: 'Asks every service behind the gateway; 200 when all are ok, 503 otherwise.',
  responses: {
    200: {
      description: 'Every service is ok',
      content: { 'application/json': { schema: PlatformHealthSchema } },
    },
    503: {
      description: 'At least one service is down',
      content: { 'application/json': { schema: PlatformHealthSchema } },
    },
  },
});

async function probe(
  binding: ServiceBinding,
  service: ServiceName,
  requestId: string,
): Promise<'ok' | 'down'> {
  try {
    const response = await binding.fetch(
      new Request(`http://${service}.internal/health`, {
        headers: { 'x-request-id': requestId },
        signal: AbortSignal.timeout(HEALTH_TIMEOUT_MS),
      }),
    );
    await response.body?.cancel();
    return response.ok ? 'ok' : 'down';
  } catch {
    return 'down';
  }
}

export function registerHealthRoute(app: OpenAPIHono<AppEnv>, services: Record<ServiceName, ServiceBinding>) {
  app.openapi(healthRoute, async (c) => {
    const results = await Promise.all(
      SERVICE_NAMES.map(
        async (service) => [service, await probe(services[service], service, c.get('requestId'))] as const,
      ),
    );
    const healthy = results.every(([, status]) => status === 'ok');
    const body = {
      status: healthy ? ('ok' as const) : ('degraded' as const),
      services: Object.fromEntries(results),
    };
    return healthy ? c.json(body, 200) : c.json(body, 503);
  });
}
