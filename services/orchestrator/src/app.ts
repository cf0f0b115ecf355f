import type { ServiceName } from '@edu/contracts';
import type { Logger, ServiceBinding } from '@edu/platform';
import { AppError, createServiceApp } from '@edu/platform/http';
import { bodyLimit } from 'hono/body-limit';
import { MAX_BODY_BYTES } from './domain/request-body.ts';
import { registerDocs } from './routes/docs.ts';
import { registerHealthRoute } from './routes/health.ts';
import { registerHomePage } from './routes/home.ts';
import { forwardToService } from './routes/proxy.ts';

export interface GatewayDeps {
  services: Record<ServiceName, ServiceBinding>;
  logger: Logger;
  /** Signs the verified identity forwarded to services (see `signIdentity`). */
  identitySecret: string;
}

/** The api-orchestrator: the single public entry point in front of every service. */
export function createApp(deps: GatewayDeps) {
  const app = createServiceApp({ service: 'orchestrator', logger: deps.logger });
  app.use(async (c, next) => {
    const started = performance.now();
    await next();
    c.get('log').info('request', {
      method: c.req.method,
      path: c.req.path,
      status: c.res.status,
      ms: Math.round((performance.now() - started) * 10) / 10,
    });
  });
  app.use(
    bodyLimit({
      maxSize: MAX_BODY_BYTES,
      onError: () => {
        throw new AppError('payload_too_large', `Request bodies are limited to ${MAX_BODY_BYTES} bytes`);
      },
    }),
  );
  registerHealthRoute(app, deps.services);
  registerHomePage(app);
  registerDocs(app);
  app.all('/api/v1/*', forwardToService(deps.services));
  return app;
}

export type GatewayApp = ReturnType<typeof createApp>;
