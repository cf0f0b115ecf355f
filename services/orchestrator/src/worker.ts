import { BINDING_NAME_OF, SERVICE_NAMES, type ServiceName } from '@edu/contracts';
import { createLogger, loadConfig, PlatformSettings, type ServiceBinding } from '@edu/platform';
import { problemResponse } from '@edu/platform/http';
import { z } from 'zod';
import { createApp } from './app.ts';

const ServiceBindingSchema = z.custom<ServiceBinding>(
  (value) =>
    typeof value === 'object' && value !== null && 'fetch' in value && typeof value.fetch === 'function',
  'must be a service binding',
);

type Gateway = ReturnType<typeof createApp>;
// Safe across requests: the gateway holds no I/O objects, only the service bindings.
let gateway: Gateway | undefined;

function buildGateway(env: Record<string, unknown>): Gateway {
  const settings: Record<string, string> = {};
  for (const [key, value] of Object.entries(env)) if (typeof value === 'string') settings[key] = value;
  const config = loadConfig(PlatformSettings, settings);
  const services = Object.fromEntries(
    SERVICE_NAMES.map((service) => {
      const name = BINDING_NAME_OF[service];
      const parsed = ServiceBindingSchema.safeParse(env[name]);
      if (!parsed.success) throw new Error(`Invalid setting ${name}: must be a service binding`);
      return [service, parsed.data];
    }),
  ) as Record<ServiceName, ServiceBinding>;
  if (!config.INTERNAL_IDENTITY_SECRET)
    throw new Error('Invalid setting INTERNAL_IDENTITY_SECRET: it is not set');
  return createApp({
    services,
    logger: createLogger({ level: config.LOG_LEVEL, bindings: { service: 'orchestrator' } }),
    identitySecret: config.INTERNAL_IDENTITY_SECRET,
  });
}

export default {
  fetch(request: Request, env: Record<string, unknown>): Response | Promise<Response> {
    try {
      gateway ??= buildGateway(env);
    } catch (error) {
      console.error(JSON.stringify({ level: 'error', msg: String(error), service: 'orchestrator' }));
      return problemResponse('unavailable', 'The gateway is misconfigured');
    }
    return gateway.fetch(request);
  },
};
