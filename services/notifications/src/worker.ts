import { createServiceWorker } from '@edu/platform/worker';
import { createApp, SERVICE_NAME } from './app.ts';
import { loadNotificationsConfig } from './config.ts';
import { createNotificationsRuntime } from './runtime.ts';

/** The settings are the Worker's bindings; a missing MAIL_TRANSPORT answers 503 'misconfigured'. */
export default createServiceWorker({
  service: SERVICE_NAME,
  createApp: (deps, settings) =>
    createApp(
      deps,
      createNotificationsRuntime(deps, { config: loadNotificationsConfig(settings, 'standalone') }),
    ),
});
