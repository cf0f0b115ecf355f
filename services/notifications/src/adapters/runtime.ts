import type { ModuleDeps, ServiceTopology } from '@edu/platform';
import type { NotificationsSettings } from '../settings.ts';
import { createMailTransport } from './mail/index.ts';
import type { MailTransport } from './mail/transport.ts';
import { resolveVapidKeys, type VapidKeys } from './push/vapid.ts';
import type { FetchFunction } from './push/web-push.ts';
import { createInProcessHub, type RealtimeHub } from './realtime/hub.ts';
import { type HostLookup, lookupAllAddresses } from './webhooks/target-guard.ts';

/** What the notifications service needs beyond the shared deps: its settings and adapters. */
export interface NotificationsRuntime {
  settings: NotificationsSettings;
  /** Where the service runs: the dev mailbox's routes exist only when `embedded`. */
  topology: ServiceTopology;
  mail: MailTransport;
  /** Where in-app notifications and progress go live; the socket endpoint listens on it. */
  hub: RealtimeHub;
  /** Resolved once per runtime (configured, or generated and stored). */
  vapidKeys(): Promise<VapidKeys>;
  /** How push messages and webhooks leave (a stand-in in tests). */
  fetch: FetchFunction;
  /** Resolves webhook hosts for the SSRF guard (a stand-in in tests). */
  lookupHost: HostLookup;
}

/** The adapters a test may replace with stand-ins. */
export type RuntimeOverrides = Partial<Pick<NotificationsRuntime, 'mail' | 'hub' | 'fetch' | 'lookupHost'>>;

/**
 * The runtime of one set of deps: the mail transport MAIL_TRANSPORT names, an in-process hub,
 * and the real network, unless `overrides` replaces them. Deps that do not say where the service
 * runs are `standalone`, where a missing mail transport throws a ConfigError naming MAIL_TRANSPORT.
 */
export function createNotificationsRuntime(
  deps: Pick<ModuleDeps<NotificationsSettings>, 'db' | 'topology' | 'settings'>,
  overrides: RuntimeOverrides = {},
): NotificationsRuntime {
  const topology = deps.topology ?? 'standalone';
  const { settings } = deps;
  let vapid: Promise<VapidKeys> | undefined;
  return {
    settings,
    topology,
    mail: overrides.mail ?? createMailTransport(settings, topology, deps.db),
    hub: overrides.hub ?? createInProcessHub(),
    fetch: overrides.fetch ?? ((input, init) => fetch(input, init)),
    lookupHost: overrides.lookupHost ?? lookupAllAddresses,
    vapidKeys: () => {
      vapid ??= resolveVapidKeys(deps.db, settings).catch((error: unknown) => {
        vapid = undefined;
        throw error;
      });
      return vapid;
    },
  };
}
