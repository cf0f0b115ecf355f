import type { ServiceName } from '@edu/contracts';
import type { ServiceBinding } from './bindings.ts';
import type { Cache } from './cache/index.ts';
import type { Database } from './db/index.ts';
import type { Logger } from './logger.ts';
import type { ServiceTopology } from './topology.ts';

/** What every domain service's `createApp` is given, whatever the topology. */
export interface ServiceDeps {
  db: Database;
  cache: Cache;
  logger: Logger;
  /**
   * The secret the gateway signs verified identities with (see `signIdentity`); services
   * accept an identity only when its signature checks out with this secret.
   */
  identitySecret: string;
  /**
   * The other services, reached only through their bindings (in-process, HTTP or Workers
   * service bindings). A service calls another's public API this way, never its tables.
   */
  services: Record<ServiceName, ServiceBinding>;
  /**
   * Wakes the service's outbox relay: call it right after a transaction that appended events
   * (appendToOutbox) commits, so they are published at once. Optional: without it the relay's
   * periodic sweep still publishes them, only later.
   */
  notifyOutbox?: () => void;
  /**
   * Where the service runs; test-mode adapters (dev mailbox, embedded payments) are defaults
   * only when `embedded`. Unset means `standalone`, the safe reading.
   */
  topology?: ServiceTopology;
}
