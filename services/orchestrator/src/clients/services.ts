import { SERVICE_NAMES, type ServiceName } from '@edu/contracts';
import type { ServiceBinding } from '@edu/platform';
import { createServiceClient, SERVICE_OPENAPI_PATH, type ServiceClient } from '@edu/platform/http';
import { z } from 'zod';

const HEALTH_TIMEOUT_MS = 2_000;
const DOCUMENT_TIMEOUT_MS = 5_000;

/** An OpenAPI document as a service serves it; the merge reads the parts it needs. */
const DocumentSchema = z.record(z.string(), z.unknown());

/**
 * What the gateway asks of every service for itself: its health (GET /health) and its own
 * OpenAPI document, which the public document merges. Signed as the `orchestrator` service.
 */
export function createServicesClient(services: Record<ServiceName, ServiceBinding>, identitySecret: string) {
  const clients = Object.fromEntries(
    SERVICE_NAMES.map((to) => [
      to,
      createServiceClient({ from: 'orchestrator', to, binding: services[to], identitySecret }),
    ]),
  ) as Record<ServiceName, ServiceClient>;
  return {
    names: SERVICE_NAMES,
    /** Whether `service` answers its health check in time; never throws. */
    async health(service: ServiceName, requestId: string): Promise<'ok' | 'down'> {
      try {
        const response = await clients[service].fetch({
          path: '/health',
          requestId,
          timeoutMs: HEALTH_TIMEOUT_MS,
        });
        await response.body?.cancel();
        return response.ok ? 'ok' : 'down';
      } catch {
        return 'down';
      }
    },
    /** The service's own OpenAPI document; `unavailable` (503) when it gives none. */
    async openApiDocument(service: ServiceName, requestId: string): Promise<Record<string, unknown>> {
      const client = clients[service];
      const response = await client.fetch({
        path: SERVICE_OPENAPI_PATH,
        requestId,
        timeoutMs: DOCUMENT_TIMEOUT_MS,
      });
      return client.read(response, DocumentSchema);
    },
  };
}
export type ServicesClient = ReturnType<typeof createServicesClient>;
