import { type PartnerScope, RoleSchema } from '@edu/contracts';
import type { MiddlewareHandler } from 'hono';
import { z } from 'zod';
import type { AppEnv } from './context.ts';
import { AppError } from './errors.ts';

/**
 * The verified caller, as the gateway hands it to services. A user signed in with a JWT
 * is `kind: 'user'`; a partner using client credentials is `kind: 'client'`; the gateway or
 * another service calling on its own behalf is `kind: 'service'` (its name in `sub`).
 */
export const IdentitySchema = z.object({
  kind: z.enum(['user', 'client', 'service']),
  /** The user id (users), the client id (partners) or the service's name (services). */
  sub: z.string().min(1),
  roles: z.array(RoleSchema).default([]),
  scopes: z.array(z.string()).default([]),
  email: z.string().optional(),
  name: z.string().optional(),
  /** Unix seconds after which a service refuses this header (limits replay inside the network). */
  exp: z.number().int(),
});
export type Identity = z.infer<typeof IdentitySchema>;

/** Set only by the gateway; the gateway drops any `x-edu-*` header that arrives from outside. */
export const IDENTITY_HEADER = 'x-edu-identity';
export const IDENTITY_SIGNATURE_HEADER = 'x-edu-identity-signature';
const IDENTITY_LIFETIME_SECONDS = 60;

const encoder = new TextEncoder();
const keyCache = new Map<string, Promise<CryptoKey>>();

function hmacKey(secret: string): Promise<CryptoKey> {
  let key = keyCache.get(secret);
  if (!key) {
    key = crypto.subtle.importKey('raw', encoder.encode(secret), { name: 'HMAC', hash: 'SHA-256' }, false, [
      'sign',
      'verify',
    ]);
    keyCache.set(secret, key);
  }
  return key;
}

function toBase64Url(bytes: ArrayBuffer | Uint8Array): string {
  const view = bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes);
  let binary = '';
  for (const byte of view) binary += String.fromCharCode(byte);
  return btoa(binary).replaceAll('+', '-').replaceAll('/', '_').replace(/=+$/, '');
}

function fromBase64Url(text: string): Uint8Array<ArrayBuffer> {
  const binary = atob(text.replaceAll('-', '+').replaceAll('_', '/'));
  const bytes = new Uint8Array(binary.length);
  for (let index = 0; index < binary.length; index++) bytes[index] = binary.charCodeAt(index);
  return bytes;
}

/**
 * The two headers that carry `identity` from the gateway to a service, signed with the
 * internal secret they share (HMAC-SHA256), so a request that did not pass the gateway
 * cannot claim one, even where services are reachable over HTTP.
 */
export async function signIdentity(
  identity: Omit<Identity, 'exp'>,
  secret: string,
  now: number = Date.now(),
): Promise<Record<string, string>> {
  const payload = toBase64Url(
    encoder.encode(JSON.stringify({ ...identity, exp: Math.floor(now / 1000) + IDENTITY_LIFETIME_SECONDS })),
  );
  const signature = await crypto.subtle.sign('HMAC', await hmacKey(secret), encoder.encode(payload));
  return { [IDENTITY_HEADER]: payload, [IDENTITY_SIGNATURE_HEADER]: toBase64Url(signature) };
}

/** The identity the gateway vouched for, or null when there is none or it does not verify. */
export async function readIdentity(
  headers: Headers,
  secret: string,
  now: number = Date.now(),
): Promise<Identity | null> {
  const payload = headers.get(IDENTITY_HEADER);
  const signature = headers.get(IDENTITY_SIGNATURE_HEADER);
  if (!payload || !signature) return null;
  try {
    const valid = await crypto.subtle.verify(
      'HMAC',
      await hmacKey(secret),
      fromBase64Url(signature),
      encoder.encode(payload),
    );
    if (!valid) return null;
    const parsed = IdentitySchema.safeParse(JSON.parse(new TextDecoder().decode(fromBase64Url(payload))));
    if (!parsed.success || parsed.data.exp < Math.floor(now / 1000)) return null;
    return parsed.data;
  } catch {
    return null;
  }
}

/**
 * A service (or the gateway, `orchestrator`) calling another on its own behalf. Only holders
 * of the internal secret can sign it, and the gateway never forwards an outside caller as one.
 */
export function serviceCaller(service: string): Omit<Identity, 'exp'> {
  return { kind: 'service', sub: service, roles: [], scopes: ['internal'] };
}

/** Puts the gateway-verified identity (or null) on the context as `identity`. */
export function identityMiddleware(secret: string): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    c.set('identity', await readIdentity(c.req.raw.headers, secret));
    await next();
  };
}

/** The caller, or a 401 problem when the request carries no verified identity. */
export function requireIdentity(c: { get(key: 'identity'): Identity | null }): Identity {
  const identity = c.get('identity');
  if (!identity) throw new AppError('unauthorized', 'Sign in to use this endpoint');
  return identity;
}

/** The caller when it has one of `roles`, else 401 (anonymous) or 403 (signed in, not allowed). */
export function requireRole(
  c: { get(key: 'identity'): Identity | null },
  ...roles: Identity['roles']
): Identity {
  const identity = requireIdentity(c);
  if (!roles.some((role) => identity.roles.includes(role))) {
    throw new AppError('forbidden', `This endpoint needs one of the roles: ${roles.join(', ')}`);
  }
  return identity;
}

/**
 * The partner client calling a partner route: 401 when anonymous, 403 for a user token or a
 * client token without `scope`. The partner's id is the returned identity's `sub`.
 */
export function requirePartnerScope(
  c: { get(key: 'identity'): Identity | null },
  scope: PartnerScope,
): Identity & { kind: 'client' } {
  const identity = requireIdentity(c);
  if (identity.kind !== 'client' || identity.scopes.includes('internal')) {
    throw new AppError('forbidden', 'This endpoint is for partner API clients (client credentials grant)');
  }
  if (!identity.scopes.includes(scope)) {
    throw new AppError('forbidden', `This endpoint needs the scope ${scope}`);
  }
  return { ...identity, kind: 'client' };
}

/**
 * For internal routes only the named services (or the gateway, `orchestrator`) may call:
 * anyone else gets a 404, as if the route did not exist (it is not part of the public API).
 *
 * @example
 * requireInternalCaller(c, 'orchestrator', 'courses');
 */
export function requireInternalCaller(
  c: { get(key: 'identity'): Identity | null },
  ...services: string[]
): Identity & { kind: 'service' } {
  const identity = c.get('identity');
  if (identity?.kind !== 'service' || !services.includes(identity.sub)) {
    throw new AppError('not_found', 'No such route');
  }
  return { ...identity, kind: 'service' };
}
