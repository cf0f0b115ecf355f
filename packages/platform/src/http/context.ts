import type { Logger } from '../logger.ts';
import type { Identity } from './identity.ts';

/** What every request carries through a service's middleware and handlers. */
export interface RequestVariables {
  requestId: string;
  log: Logger;
  /** The caller as verified by the gateway; null for anonymous requests. */
  identity: Identity | null;
}

export interface AppEnv {
  Variables: RequestVariables;
}
