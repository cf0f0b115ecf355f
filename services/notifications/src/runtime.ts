import type { ServiceDeps, ServiceTopology } from '@edu/platform';
import { loadNotificationsConfig, type NotificationsConfig } from './config.ts';
import { createMailTransport, type MailTransport } from './mail/index.ts';
import { resolveVapidKeys, type VapidKeys } from './push/vapid.ts';
import type { FetchFunction } from './push/web-push.ts';
import { defaultRealtimeHub, type RealtimeHub } from './realtime/hub.ts';
import { type HostLookup, lookupAllAddresses } from './webhooks/target-guard.ts';

/** What the notifications service needs beyond the shared deps: its adapters and settings. */
export interface NotificationsRuntime {
  config: NotificationsConfig;
  /** Where the service runs: the dev mailbox's routes exist only when `embedded`. */
  topology: ServiceTopology;
  mail: MailTransport;
  hub: RealtimeHub;
  /** Resolved once per runtime (configured, or generated and stored). */
  vapidKeys(): Promise<VapidKeys>;
  /** How push messages and webhooks leave (a stand-in in tests). */
  fetch: FetchFunction;
  /** Resolves webhook hosts for the SSRF guard (a stand-in in tests). */
  lookupHost: HostLookup;
}

/** Environment variables where there is a `process` (Bun, Node); Workers hand theirs in. */
function processEnv(): Record<string, string | undefined> {
  return typeof process === 'undefined' ? {} : process.env;
}

/**
 * The runtime from the environment, with any adapter replaced by `overrides`. A standalone
 * service (deps.topology unset or `standalone`) without a real mail transport throws a ConfigError.
 */
export function createNotificationsRuntime(
  deps: Pick<ServiceDeps, 'db' | 'topology'>,
  overrides: Partial<Omit<NotificationsRuntime, 'vapidKeys' | 'topology'>> = {},
): NotificationsRuntime {
  const topology = deps.topology ?? 'standalone';
  const config = overrides.config ?? loadNotificationsConfig(processEnv(), topology);
  let vapid: Promise<VapidKeys> | undefined;
  return {
    config,
    topology,
    mail: overrides.mail ?? createMailTransport(config, deps.db),
    hub: overrides.hub ?? defaultRealtimeHub(),
    fetch: overrides.fetch ?? ((input, init) => fetch(input, init)),
    lookupHost: overrides.lookupHost ?? lookupAllAddresses,
    vapidKeys: () => {
      vapid ??= resolveVapidKeys(deps.db, config).catch((error: unknown) => {
        vapid = undefined;
        throw error;
      });
      return vapid;
    },
  };
}
