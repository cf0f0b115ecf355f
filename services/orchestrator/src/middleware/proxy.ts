import type { ServiceName } from '@edu/contracts';
import type { ServiceBinding } from '@edu/platform';
import { type AppEnv, AppError, signIdentity } from '@edu/platform/http';
import type { Context } from 'hono';
import {
  type AccessTokenVerifier,
  authenticate,
  invalidToken,
  type VerifiedCaller,
} from '../adapters/identity/verify.ts';
import type { PartnerRevocations } from '../adapters/partner-revocations.ts';
import { checkJsonBody } from '../domain/request-body.ts';
import { INTERNAL_HEADER_PREFIX, serviceForPath } from '../domain/routing.ts';
import type { PartnerRateLimiter } from './partner-rate-limit.ts';

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

/**
 * Builds the request a service receives: same method, path and body, only headers we trust,
 * plus the verified caller signed with the internal secret (added after the inbound
 * `x-edu-*` headers are dropped, so only the gateway's own identity reaches the service).
 */
function serviceRequest(
  c: Context<AppEnv>,
  body: ArrayBuffer | undefined,
  identityHeaders: Record<string, string>,
): Request {
  const headers = new Headers();
  for (const [name, value] of c.req.raw.headers) {
    if (name.startsWith(INTERNAL_HEADER_PREFIX) || HOP_BY_HOP.includes(name)) continue;
    headers.set(name, value);
  }
  // Services never see the bearer token itself, only the identity the gateway verified.
  headers.delete('authorization');
  for (const [name, value] of Object.entries(identityHeaders)) headers.set(name, value);
  headers.set('x-request-id', c.get('requestId'));
  return new Request(c.req.url, {
    method: c.req.method,
    headers,
    body: body && body.byteLength > 0 ? body : null,
  });
}

/** A service's response with `headers` added (responses from fetch have immutable headers). */
function withHeaders(response: Response, headers: Record<string, string>): Response {
  const copy = new Response(response.body, response);
  for (const [name, value] of Object.entries(headers)) copy.headers.set(name, value);
  return copy;
}

/**
 * Forwards `/api/v1/...` to the owning service through its binding, with the caller verified
 * from the bearer token (anonymous when there is none; 401 when it does not verify). Partner
 * API clients are rate limited per client first (429 without calling the service), and every
 * answer to them carries their `RateLimit-*` headers; users are not limited here.
 */
export function forwardToService(
  services: Record<ServiceName, ServiceBinding>,
  auth: {
    verifier: AccessTokenVerifier;
    identitySecret: string;
    partnerLimits: PartnerRateLimiter;
    partnerRevocations: PartnerRevocations;
  },
) {
  return async (c: Context<AppEnv>): Promise<Response> => {
    const service = serviceForPath(c.req.path);
    if (!service) throw new AppError('not_found', `No route for ${c.req.method} ${c.req.path}`);
    const caller: VerifiedCaller | null = await authenticate(c.req.raw.headers, auth.verifier);
    let identityHeaders: Record<string, string> = {};
    let rateHeaders: Record<string, string> | null = null;
    if (caller) {
      // The client's own limit is the gateway's business; services get the plain identity.
      const { rateLimitPerMinute, ...identity } = caller;
      if (caller.kind === 'client') {
        // A revoked client's tokens stop at once, not when they expire.
        if (await auth.partnerRevocations.isRevoked(caller.sub)) throw invalidToken();
        rateHeaders = await auth.partnerLimits.consume(caller.sub, rateLimitPerMinute);
      }
      identityHeaders = await signIdentity(identity, auth.identitySecret);
    }
    const hasBody = c.req.method !== 'GET' && c.req.method !== 'HEAD';
    const body = hasBody ? await c.req.arrayBuffer() : undefined;
    if (body) checkJsonBody(c.req.header('content-type'), body);
    let response: Response;
    try {
      response = await services[service].fetch(serviceRequest(c, body, identityHeaders));
    } catch (error) {
      c.get('log').error('service unreachable', { service, error });
      throw new AppError('unavailable', `The ${service} service is not answering; try again shortly`, {
        ...(rateHeaders ? { headers: rateHeaders } : {}),
      });
    }
    return rateHeaders ? withHeaders(response, rateHeaders) : response;
  };
}
