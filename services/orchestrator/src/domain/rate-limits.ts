/** A counter's limit inside a fixed window. */
export interface RateLimitPolicy {
  /** Prefix of the cache key, so policies never share a counter. */
  name: string;
  limit: number;
  windowSeconds: number;
}

/** Failed logins for one account: after 10 in 15 minutes, login is refused until the window ends. */
export const LOGIN_FAILURES_PER_ACCOUNT: RateLimitPolicy = {
  name: 'login-fail-account',
  limit: 10,
  windowSeconds: 15 * 60,
};

/** Failed logins from one address per 15 minutes (password spraying across many accounts). */
export const loginFailuresPerIp = (limit: number): RateLimitPolicy => ({
  name: 'login-fail-ip',
  limit,
  windowSeconds: 15 * 60,
});

/** Registration attempts from one address per 15 minutes, successful or not. */
export const registrationsPerIp = (limit: number): RateLimitPolicy => ({
  name: 'register-ip',
  limit,
  windowSeconds: 15 * 60,
});

/** Registration attempts for one email (stops probing which emails exist through 409s). */
export const REGISTRATIONS_PER_ACCOUNT: RateLimitPolicy = {
  name: 'register-account',
  limit: 5,
  windowSeconds: 60 * 60,
};

/** Failed client authentications at POST /auth/token for one client id (secret guessing). */
export const CLIENT_AUTH_FAILURES_PER_CLIENT: RateLimitPolicy = {
  name: 'client-auth-fail-client',
  limit: 10,
  windowSeconds: 15 * 60,
};

/** Failed client authentications from one address, whichever client ids it tries. */
export const CLIENT_AUTH_FAILURES_PER_IP: RateLimitPolicy = {
  name: 'client-auth-fail-ip',
  limit: 50,
  windowSeconds: 15 * 60,
};

/** Whether a counter at `count` is over its policy's limit. */
export const isOverLimit = (policy: RateLimitPolicy, count: number) => count >= policy.limit;

/** Emails are compared case-insensitively everywhere, so counters are too. */
const normalizeAccount = (email: string) => email.trim().toLowerCase();

async function digest(value: string): Promise<string> {
  const bytes = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(value));
  return Array.from(new Uint8Array(bytes).slice(0, 16), (byte) => byte.toString(16).padStart(2, '0')).join(
    '',
  );
}

/** A rate-limit subject: an address, or an account (hashed, so no email sits in the cache). */
export async function accountSubject(email: string): Promise<string> {
  return `account:${await digest(normalizeAccount(email))}`;
}
/** A rate-limit subject for a partner client id (hashed: ids are caller-chosen text of any shape). */
export async function clientIdSubject(clientId: string): Promise<string> {
  return `client:${await digest(clientId)}`;
}
/**
 * Null without an address: only in-process callers (tests, scripts) have none, since the Bun
 * server and Cloudflare always supply one. Per-address limits then do not apply; per-account ones still do.
 */
export const ipSubject = (ip: string | null) => (ip ? `ip:${ip}` : null);

/** Partner clients' requests at the gateway are counted in fixed windows of this length. */
export const PARTNER_WINDOW_SECONDS = 60;

/** Anonymous addresses' and signed-in users' requests to the public API: the same one-minute windows. */
export const API_WINDOW_SECONDS = 60;

/**
 * The fixed window `nowMs` falls in: its number (part of the counter's key, so every instance
 * counts into the same window without coordination) and the whole seconds until it ends.
 */
export function fixedWindow(nowMs: number, windowSeconds: number) {
  const seconds = nowMs / 1000;
  const index = Math.floor(seconds / windowSeconds);
  return { index, resetSeconds: Math.max(1, Math.ceil((index + 1) * windowSeconds - seconds)) };
}

/** The `RateLimit-*` headers (IETF httpapi-ratelimit-headers) of a counter at `count` of `limit`. */
export function rateLimitHeaders(limit: number, count: number, resetSeconds: number, windowSeconds: number) {
  return {
    'RateLimit-Limit': String(limit),
    'RateLimit-Remaining': String(Math.max(0, limit - count)),
    'RateLimit-Reset': String(resetSeconds),
    'RateLimit-Policy': `${limit};w=${windowSeconds}`,
  };
}
