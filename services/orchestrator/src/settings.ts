import { urlSetting } from '@edu/platform/config';
import { z } from 'zod';

const HOSTNAME =
  /^(?=.{1,253}$)[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)+$/i;
const seconds = (fallback: number, max: number) =>
  z.coerce
    .number({ error: 'must be a number of seconds' })
    .int('must be a whole number of seconds')
    .min(60, 'must be at least 60 seconds')
    .max(max, `must be at most ${max} seconds`)
    .default(fallback);

/** Requests per minute of a partner API client without a limit of its own. */
export const DEFAULT_PARTNER_RATE_LIMIT_PER_MINUTE = 600;

/**
 * The gateway's identity settings (and partner clients' default rate limit). Auth0 is used when
 * AUTH0_DOMAIN is set (then its client settings are required); otherwise the embedded issuer
 * signs tokens itself.
 */
export const IdentitySettings = z.object({
  /** The Auth0 tenant, e.g. `edu.eu.auth0.com`; tokens must have `iss` = `https://<domain>/`. */
  AUTH0_DOMAIN: z.string().regex(HOSTNAME, 'must be a host name such as edu.eu.auth0.com').optional(),
  /** The API identifier configured in Auth0: the `aud` access tokens must carry. */
  AUTH0_AUDIENCE: z.string().min(1).optional(),
  AUTH0_CLIENT_ID: z.string().min(1).optional(),
  AUTH0_CLIENT_SECRET: z.string().min(16, 'must be at least 16 characters').optional(),
  /** The namespaced custom claim an Auth0 Action puts the user's roles in. */
  AUTH0_ROLES_CLAIM: urlSetting(['https']).default('https://edu.example/roles'),
  /** The database connection sign-ups go to. */
  AUTH0_CONNECTION: z.string().min(1).default('Username-Password-Authentication'),
  /** Where to send the browser after Auth0's logout page (must be an allowed logout URL in Auth0). */
  AUTH0_LOGOUT_RETURN_TO: urlSetting(['https', 'http']).optional(),
  /**
   * Tests only: reach the Auth0 endpoints at this loopback address instead of the tenant.
   * Verification is unchanged: `iss` must still be the AUTH0_DOMAIN tenant.
   */
  AUTH0_BASE_URL: urlSetting(['http', 'https'])
    .refine((value) => ['127.0.0.1', 'localhost', '[::1]'].includes(new URL(value).hostname), {
      message: 'is for tests only and must point at a loopback address',
    })
    .optional(),
  /** Lifetime of access tokens the embedded issuer signs. */
  ACCESS_TOKEN_TTL: seconds(900, 86_400),
  /** Lifetime of refresh tokens the embedded issuer hands out (each use rotates it). */
  REFRESH_TOKEN_TTL: seconds(30 * 86_400, 365 * 86_400),
  /** `iss` of the embedded issuer's tokens; defaults to the local origin. */
  ISSUER_URL: urlSetting(['http', 'https']).optional(),
  /** `aud` of the embedded issuer's access tokens. */
  ISSUER_AUDIENCE: z.string().min(1).default('https://api.edu.local'),
  /**
   * Requests per minute a partner API client may make through the gateway, unless its token
   * carries its own limit (the embedded issuer's clients' `rateLimitPerMinute`).
   */
  PARTNER_RATE_LIMIT_PER_MINUTE: z.coerce
    .number({ error: 'must be a number of requests' })
    .int('must be a whole number of requests')
    .min(1, 'must be at least 1')
    .max(1_000_000, 'must be at most 1000000')
    .default(DEFAULT_PARTNER_RATE_LIMIT_PER_MINUTE),
  /** The embedded issuer's private key as an RSA JWK (several instances share it); else kept in DATA_DIR. */
  ISSUER_PRIVATE_KEY: z.string().min(1).optional(),
});
type IdentityConfig = z.infer<typeof IdentitySettings>;

const AUTH0_REQUIRED = ['AUTH0_AUDIENCE', 'AUTH0_CLIENT_ID', 'AUTH0_CLIENT_SECRET'] as const;

/** A zod refinement: with AUTH0_DOMAIN set, the rest of Auth0's settings must be too. */
export function requireCompleteAuth0(config: Partial<IdentityConfig>, context: z.RefinementCtx) {
  if (!config.AUTH0_DOMAIN) return;
  for (const name of AUTH0_REQUIRED) {
    if (!config[name]) {
      context.addIssue({ code: 'custom', path: [name], message: 'is required when AUTH0_DOMAIN is set' });
    }
  }
}

export interface Auth0Config {
  domain: string;
  audience: string;
  clientId: string;
  clientSecret: string;
  rolesClaim: string;
  connection: string;
  logoutReturnTo: string | undefined;
  baseUrl: string | undefined;
}

/** Auth0's settings when Auth0 is configured, else null (the embedded issuer is used). */
export function auth0ConfigOf(config: IdentityConfig): Auth0Config | null {
  const { AUTH0_DOMAIN, AUTH0_AUDIENCE, AUTH0_CLIENT_ID, AUTH0_CLIENT_SECRET } = config;
  if (!AUTH0_DOMAIN) return null;
  if (!AUTH0_AUDIENCE || !AUTH0_CLIENT_ID || !AUTH0_CLIENT_SECRET) {
    const missing = AUTH0_REQUIRED.find((name) => !config[name]);
    throw new Error(`Invalid setting ${missing}: is required when AUTH0_DOMAIN is set (it is not set)`);
  }
  return {
    domain: AUTH0_DOMAIN,
    audience: AUTH0_AUDIENCE,
    clientId: AUTH0_CLIENT_ID,
    clientSecret: AUTH0_CLIENT_SECRET,
    rolesClaim: config.AUTH0_ROLES_CLAIM,
    connection: config.AUTH0_CONNECTION,
    logoutReturnTo: config.AUTH0_LOGOUT_RETURN_TO,
    baseUrl: config.AUTH0_BASE_URL,
  };
}

/**
 * Requests per minute at the gateway of one anonymous address and of one signed-in user:
 * generous, so a campus behind one NAT address and the site's own pages are not throttled.
 */
export const DEFAULT_RATE_LIMIT_PER_IP_PER_MINUTE = 1200;
export const DEFAULT_RATE_LIMIT_PER_USER_PER_MINUTE = 1200;
/** Registrations and failed logins from one address per 15 minutes: a whole school signs up at once. */
export const DEFAULT_REGISTER_LIMIT_PER_ADDRESS = 300;
const DEFAULT_LOGIN_LIMIT_PER_ADDRESS = 300;
/** Cloudflare's server-side validation endpoint for Turnstile tokens. */
const TURNSTILE_SITEVERIFY_URL = 'https://challenges.cloudflare.com/turnstile/v0/siteverify';

const requestsSetting = (fallback: number) =>
  z.coerce
    .number({ error: 'must be a number of requests' })
    .int('must be a whole number of requests')
    .min(1, 'must be at least 1')
    .max(1_000_000_000, 'must be at most 1000000000')
    .default(fallback);

/** `https://app.example.com` or `http://localhost:5173`: scheme, host and port, nothing else. */
const OriginSchema = z.string().refine((value) => {
  try {
    const url = new URL(value);
    return (url.protocol === 'https:' || url.protocol === 'http:') && url.origin === value;
  } catch {
    return false;
  }
}, 'must be a comma-separated list of origins such as https://app.example.com (no path, no trailing slash)');

const LOOPBACK_HOSTS = ['127.0.0.1', 'localhost', '[::1]'];

/** The gateway's traffic settings: CORS, request rate limits and the human check at registration. */
export const TrafficSettings = z.object({
  /** Browser origins allowed to call the API (CORS); none by default, so no CORS headers at all. */
  CORS_ORIGINS: z
    .string()
    .transform((value) =>
      value
        .split(',')
        .map((origin) => origin.trim())
        .filter((origin) => origin !== ''),
    )
    .pipe(z.array(OriginSchema))
    .default([]),
  RATE_LIMIT_PER_IP_PER_MINUTE: requestsSetting(DEFAULT_RATE_LIMIT_PER_IP_PER_MINUTE),
  RATE_LIMIT_PER_USER_PER_MINUTE: requestsSetting(DEFAULT_RATE_LIMIT_PER_USER_PER_MINUTE),
  REGISTER_LIMIT_PER_ADDRESS: requestsSetting(DEFAULT_REGISTER_LIMIT_PER_ADDRESS),
  LOGIN_LIMIT_PER_ADDRESS: requestsSetting(DEFAULT_LOGIN_LIMIT_PER_ADDRESS),
  /** Turns on Cloudflare Turnstile at registration: the widget's secret key. */
  TURNSTILE_SECRET_KEY: z.string().min(1).optional(),
  /** Tests only point this elsewhere (a loopback stand-in); plain http is refused for anything else. */
  TURNSTILE_VERIFY_URL: urlSetting(['https', 'http'])
    .refine((value) => {
      const url = new URL(value);
      return url.protocol === 'https:' || LOOPBACK_HOSTS.includes(url.hostname);
    }, 'must be https unless it points at a loopback address')
    .default(TURNSTILE_SITEVERIFY_URL),
});
export type TrafficConfig = z.infer<typeof TrafficSettings>;

/** The settings' defaults, for gateways built without them (tests). */
export const defaultTraffic = (): TrafficConfig => TrafficSettings.parse({});

/** The gateway's own settings: identity (Auth0 or the embedded issuer), traffic, and where it serves. */
export const GatewaySettings = z
  .object({
    ...IdentitySettings.shape,
    ...TrafficSettings.shape,
    /** The platform's public origin: the embedded issuer's `iss` unless ISSUER_URL says otherwise. */
    PUBLIC_URL: urlSetting(['http', 'https']).default('http://localhost:8787'),
    /** Where the embedded issuer keeps its key between starts (without ISSUER_PRIVATE_KEY); unset: a new key per start. */
    DATA_DIR: z.string().min(1).optional(),
    /** Shared with the site's server, which vouches with it for its visitors' addresses. */
    SITE_PROXY_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  })
  .superRefine(requireCompleteAuth0);
export type GatewayConfig = z.infer<typeof GatewaySettings>;
