import { defineServiceModule, type ModuleDeps, migrationsFolderBeside } from '@edu/platform';
import { realtimeSocket } from './adapters/realtime/socket.ts';
import { createNotificationsRuntime, type NotificationsRuntime } from './adapters/runtime.ts';
import { createApp } from './app.ts';
import { notificationsConsumers } from './events/consume.ts';
import { deliverPending } from './operations/deliveries.ts';
import { dispatchWebhooks } from './operations/webhook-dispatch.ts';
import { NotificationsSettings } from './settings.ts';

type Deps = ModuleDeps<NotificationsSettings>;

// The runtime (mail transport, realtime hub, VAPID keys) of one set of deps, built once and
// shared by the app, the consumers, the jobs and the socket endpoint of that runner: what the
// consumer publishes on the hub reaches the sockets the endpoint holds.
const runtimes = new WeakMap<Deps, NotificationsRuntime>();
function runtimeOf(deps: Deps): NotificationsRuntime {
  let runtime = runtimes.get(deps);
  if (!runtime) {
    runtime = createNotificationsRuntime(deps);
    runtimes.set(deps, runtime);
  }
  return runtime;
}

/** The notifications service: in-app, email, push, realtime and partner webhooks. Runners use this module and nothing else of the package. */
export const notificationsModule = defineServiceModule({
  name: 'notifications',
  kind: 'service',
  settings: NotificationsSettings,
  migrations: { folder: migrationsFolderBeside(import.meta.url), schema: 'notifications' },
  createApp: (deps) => createApp(deps, runtimeOf(deps)),
  consumers: (deps) => notificationsConsumers(runtimeOf(deps)),
  jobs: (deps) => {
    const runtime = runtimeOf(deps);
    return [
      {
        name: 'notification-deliveries',
        everyMs: 1_000,
        run: async () => {
          await deliverPending(deps.db, runtime, {
            log: deps.logger.child({ job: 'notification-deliveries' }),
          });
        },
      },
      {
        // Its own job, so a slow partner never holds up mail.
        name: 'partner-webhooks',
        everyMs: 1_000,
        run: async (signal) => {
          await dispatchWebhooks(deps.db, runtime, {
            log: deps.logger.child({ job: 'partner-webhooks' }),
            signal,
          });
        },
      },
    ];
  },
  sockets: (deps) => [realtimeSocket({ cache: deps.cache, hub: runtimeOf(deps).hub })],
  close: async (deps) => {
    const runtime = runtimes.get(deps);
    if (!runtime) return;
    await Promise.all([runtime.mail.close?.(), runtime.hub.close()]);
  },
});
