import { urlSetting } from '@edu/platform';
import { z } from 'zod';

/**
 * Requests per minute at the gateway of one anonymous address and of one signed-in user:
 * generous, so a campus behind one NAT address and the site's own pages are not throttled.
 */
export const DEFAULT_RATE_LIMIT_PER_IP_PER_MINUTE = 1200;
export const DEFAULT_RATE_LIMIT_PER_USER_PER_MINUTE = 1200;
/** Registrations and failed logins from one address per 15 minutes: a whole school signs up at once. */
export const DEFAULT_REGISTER_LIMIT_PER_ADDRESS = 300;
export const DEFAULT_LOGIN_LIMIT_PER_ADDRESS = 300;
/** Cloudflare's server-side validation endpoint for Turnstile tokens. */
export const TURNSTILE_SITEVERIFY_URL = 'https://challenges.cloudflare.com/turnstile/v0/siteverify';

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
