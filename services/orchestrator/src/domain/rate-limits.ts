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

/** Failed logins from one address (password spraying across many accounts). */
export const LOGIN_FAILURES_PER_IP: RateLimitPolicy = {
  name: 'login-fail-ip',
  limit: 50,
  windowSeconds: 15 * 60,
};

/** Registration attempts from one address, successful or not. */
export const REGISTRATIONS_PER_IP: RateLimitPolicy = {
  name: 'register-ip',
  limit: 20,
  windowSeconds: 60 * 60,
};

/** Registration attempts for one email (stops probing which emails exist through 409s). */
export const REGISTRATIONS_PER_ACCOUNT: RateLimitPolicy = {
  name: 'register-account',
  limit: 5,
  windowSeconds: 60 * 60,
};

/** Whether a counter at `count` is over its policy's limit. */
export const isOverLimit = (policy: RateLimitPolicy, count: number) => count >= policy.limit;

/** Emails are compared case-insensitively everywhere, so counters are too. */
export const normalizeAccount = (email: string) => email.trim().toLowerCase();
