import { createServiceWorker, type WorkerContext } from '@edu/platform/worker';
import { createApp, SERVICE_NAME } from './app.ts';

type ServiceWorker = ReturnType<typeof createServiceWorker>;
/** Safe across requests: one worker per bindings object, holding only settings and a pure in-isolate cache. */
const workers = new WeakMap<object, ServiceWorker>();

/** Stripe settings are Worker bindings (vars and secrets), so they are handed to the app here. */
export default {
  fetch(request: Request, env: Record<string, unknown>, context: WorkerContext): Promise<Response> {
    let worker = workers.get(env);
    if (!worker) {
      const settings: Record<string, string> = {};
      for (const [key, value] of Object.entries(env)) if (typeof value === 'string') settings[key] = value;
      worker = createServiceWorker({
        service: SERVICE_NAME,
        createApp: (deps) => createApp(deps, { env: settings }),
      });
      workers.set(env, worker);
    }
    return worker.fetch(request, env, context);
  },
};
