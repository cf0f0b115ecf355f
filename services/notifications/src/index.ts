import { defineServiceModule, type ModuleDeps, migrationsFolderBeside } from '@edu/platform';
import type { z } from 'zod';
import { createApp } from './app.ts';
import { loadNotificationsConfig } from './config.ts';
import { deliverPending } from './deliveries.ts';
import { notificationsConsumer, webhooksConsumer } from './events.ts';
import { realtimeSocket } from './realtime/socket.ts';
import { createNotificationsRuntime, type NotificationsRuntime } from './runtime.ts';
import { NotificationsRawSettings } from './settings.ts';
import { dispatchWebhooks } from './webhooks/dispatcher.ts';

type Deps = ModuleDeps<z.infer<typeof NotificationsRawSettings>>;

// The adapters (mail, push keys, hub) of one set of deps, built once and shared by the app,
// the jobs and the socket endpoint of that runner.
const runtimes = new WeakMap<Deps, NotificationsRuntime>();
function runtimeOf(deps: Deps): NotificationsRuntime {
  let runtime = runtimes.get(deps);
  if (!runtime) {
    runtime = createNotificationsRuntime(deps, {
      config: loadNotificationsConfig(deps.settings, deps.topology ?? 'standalone'),
    });
    runtimes.set(deps, runtime);
  }
  return runtime;
}

/** The notifications service: in-app, email, push, realtime and partner webhooks. Runners use this module and nothing else of the package. */
export const notificationsModule = defineServiceModule({
  name: 'notifications',
  kind: 'service',
  settings: NotificationsRawSettings,
  migrations: { folder: migrationsFolderBeside(import.meta.url), schema: 'notifications' },
  createApp: (deps) => createApp(deps, runtimeOf(deps)),
  consumers: () => [notificationsConsumer, webhooksConsumer],
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
});
