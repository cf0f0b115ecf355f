import { problemResponse } from '@edu/platform/http';
import { createServiceWorker, type WorkerContext } from '@edu/platform/worker';
import { createApp, SERVICE_NAME } from './app.ts';
import { paymentProviderFromEnv } from './config.ts';

type ServiceWorker = ReturnType<typeof createServiceWorker>;
/**
 * Safe across requests: per bindings object, the worker (settings and a pure in-isolate cache)
 * or the configuration error. Each request still builds its own app and Stripe client.
 */
const workers = new WeakMap<object, ServiceWorker | Error>();

function workerFor(env: Record<string, unknown>): ServiceWorker | Error {
  const known = workers.get(env);
  if (known) return known;
  const settings: Record<string, string> = {};
  for (const [key, value] of Object.entries(env)) if (typeof value === 'string') settings[key] = value;
  let worker: ServiceWorker | Error;
  try {
    // Validated once up front, so a wrong STRIPE_* setting is reported by name instead of failing each request.
    paymentProviderFromEnv(settings, 'standalone');
    worker = createServiceWorker({
      service: SERVICE_NAME,
      createApp: (deps) => createApp(deps, { env: settings }),
    });
  } catch (error) {
    worker = error instanceof Error ? error : new Error(String(error));
  }
  workers.set(env, worker);
  return worker;
}

/** Stripe settings are Worker bindings (vars and secrets), so they are handed to the app here. */
export default {
  async fetch(request: Request, env: Record<string, unknown>, context: WorkerContext): Promise<Response> {
    const worker = workerFor(env);
    if (worker instanceof Error) {
      console.error(JSON.stringify({ level: 'error', msg: worker.message, service: SERVICE_NAME }));
      return problemResponse('unavailable', 'The service is misconfigured');
    }
    return worker.fetch(request, env, context);
  },
};
