import type { ServiceName } from '@edu/contracts';
import type { ServiceBinding } from '@edu/platform';
import { type AppEnv, AppError } from '@edu/platform/http';
import type { Context } from 'hono';
import { checkJsonBody } from '../domain/request-body.ts';
import { INTERNAL_HEADER_PREFIX, serviceForPath } from '../domain/routing.ts';

/** Hop-by-hop headers (RFC 9110 §7.6.1) never travel past the gateway. */
const HOP_BY_HOP = [
  'connection',
  'keep-alive',
  'transfer-encoding',
  'upgrade',
  'te',
  'trailer',
  'proxy-connection',
];

/** Builds the request a service receives: same method, path and body, only headers we trust. */
function serviceRequest(c: Context<AppEnv>, body: ArrayBuffer | undefined): Request {
  const headers = new Headers();
  for (const [name, value] of c.req.raw.headers) {
    if (name.startsWith(INTERNAL_HEADER_PREFIX) || HOP_BY_HOP.includes(name)) continue;
    headers.set(name, value);
  }
  headers.set('x-request-id', c.get('requestId'));
  return new Request(c.req.url, {
    method: c.req.method,
    headers,
    body: body && body.byteLength > 0 ? body : null,
  });
}

/** Forwards `/api/v1/...` to the owning service through its binding. */
export function forwardToService(services: Record<ServiceName, ServiceBinding>) {
  return async (c: Context<AppEnv>): Promise<Response> => {
    const service = serviceForPath(c.req.path);
    if (!service) throw new AppError('not_found', `No route for ${c.req.method} ${c.req.path}`);
    const hasBody = c.req.method !== 'GET' && c.req.method !== 'HEAD';
    const body = hasBody ? await c.req.arrayBuffer() : undefined;
    if (body) checkJsonBody(c.req.header('content-type'), body);
    try {
      return await services[service].fetch(serviceRequest(c, body));
    } catch (error) {
      c.get('log').error('service unreachable', { service, error });
      throw new AppError('bad_gateway', `The ${service} service could not be reached`);
    }
  };
}
