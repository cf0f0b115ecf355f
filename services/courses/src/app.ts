import type { ServiceDeps } from '@edu/platform';
import { createServiceApp } from '@edu/platform/http';

export const SERVICE_NAME = 'courses';

/** The courses service: its routes, given its dependencies. */
export function createApp(deps: ServiceDeps) {
  const app = createServiceApp({
    service: SERVICE_NAME,
    logger: deps.logger,
    identitySecret: deps.identitySecret,
  });
  return app;
}
