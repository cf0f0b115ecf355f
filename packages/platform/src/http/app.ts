import type { Hook } from '@hono/zod-openapi';
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { requestId } from 'hono/request-id';
import type { Logger } from '../logger.ts';
import type { AppEnv } from './context.ts';
import { AppError, problemCodeForStatus, problemResponse } from './errors.ts';
import { identityMiddleware } from './identity.ts';

export const REQUEST_ID_HEADER = 'X-Request-Id';

/** The app of every service: what `createServiceApp` builds and every route registers on. */
export type ServiceApp = OpenAPIHono<AppEnv>;

/** Where each service serves its own OpenAPI document (never forwarded by the gateway). */
export const SERVICE_OPENAPI_PATH = '/openapi.json';

/** Turns zod issues into the `errors` list of a 400 problem. */
export const validationHook: Hook<unknown, AppEnv, string, unknown> = (result, c) => {
  if (result.success) return;
  const errors = result.error.issues.map((issue) => ({
    path: issue.path.map(String).join('.') || result.target,
    message: issue.message,
  }));
  return problemResponse('validation_failed', `The request ${result.target} is invalid`, {
    instance: c.req.path,
    errors,
  });
};

/** The one error handler of every service: problem+json, never a stack trace or SQL text. */
export function handleError(error: Error, c: Context<AppEnv>): Response {
  const instance = c.req.path;
  if (error instanceof AppError) {
    const options = {
      instance,
      ...(error.errors ? { errors: error.errors } : {}),
      ...(error.headers ? { headers: error.headers } : {}),
    };
    return problemResponse(error.code, error.message, options);
  }
  if (error instanceof HTTPException) {
    const code = problemCodeForStatus(error.status);
    // Hono's own 4xx messages (e.g. "Malformed JSON in request body") are safe to show.
    const detail =
      error.status < 500 ? error.message || 'The request could not be processed' : 'Unexpected error';
    return problemResponse(code, detail, { instance });
  }
  const log = c.get('log');
  log?.error('unhandled error', { error, path: instance });
  return problemResponse('internal', 'An unexpected error occurred; it has been logged', { instance });
}

export function handleNotFound(c: Context<AppEnv>): Response {
  return problemResponse('not_found', `No route for ${c.req.method} ${c.req.path}`, { instance: c.req.path });
}

/** Every response carries the request id, including errors and responses built elsewhere. */
function stampRequestId(c: Context<AppEnv>, id: string) {
  if (c.res.headers.get(REQUEST_ID_HEADER) === id) return;
  try {
    c.res.headers.set(REQUEST_ID_HEADER, id);
  } catch {
    // Responses from fetch() have immutable headers; copy once to add ours.
    c.res = new Response(c.res.body, c.res);
    c.res.headers.set(REQUEST_ID_HEADER, id);
  }
}

/**
 * A Hono app with the conventions every service shares: request ids, access logs,
 * problem+json errors and validation, and a `GET /health` route.
 */
export function createServiceApp(options: {
  service: string;
  logger: Logger;
  /** When given, the gateway-signed identity is read into `c.get('identity')` for every request. */
  identitySecret?: string;
  /**
   * Wakes the outbox relay. Called after every request that may have committed a change, so
   * its events are published at once instead of at the relay's next sweep.
   */
  notifyOutbox?: (() => void) | undefined;
}): ServiceApp {
  const app = new OpenAPIHono<AppEnv>({ defaultHook: validationHook });
  app.use(requestId({ headerName: REQUEST_ID_HEADER }));
  app.use(async (c, next) => {
    const log = options.logger.child({ requestId: c.get('requestId') });
    c.set('log', log);
    const started = performance.now();
    await next();
    stampRequestId(c, c.get('requestId'));
    log.debug('request', {
      method: c.req.method,
      path: c.req.path,
      status: c.res.status,
      ms: Math.round((performance.now() - started) * 10) / 10,
    });
  });
  if (options.identitySecret) app.use(identityMiddleware(options.identitySecret));
  const { notifyOutbox } = options;
  if (notifyOutbox) {
    app.use(async (c, next) => {
      await next();
      if (c.req.method !== 'GET' && c.req.method !== 'HEAD' && c.res.status < 400) notifyOutbox();
    });
  }
  app.onError(handleError);
  app.notFound(handleNotFound);
  app.openapi(healthRoute, (c) => c.json({ status: 'ok' as const, service: options.service }, 200));
  // The service's own document, internal: the gateway merges every service's into the public one.
  app.doc31(SERVICE_OPENAPI_PATH, {
    openapi: '3.1.0',
    info: { title: `${options.service} service`, version: '1.0.0' },
  });
  return app;
}

const healthRoute = createRoute({
  method: 'get',
  path: '/health',
  summary: 'Liveness of this service',
  responses: {
    200: {
      description: 'The service is up',
      content: { 'application/json': { schema: z.object({ status: z.literal('ok'), service: z.string() }) } },
    },
  },
});
