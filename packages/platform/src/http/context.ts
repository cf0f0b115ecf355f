import type { Logger } from '../logger.ts';

/** What every request carries through a service's middleware and handlers. */
export interface RequestVariables {
  requestId: string;
  log: Logger;
}

export interface AppEnv {
  Variables: RequestVariables;
}
