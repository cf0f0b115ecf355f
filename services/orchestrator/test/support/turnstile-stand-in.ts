/**
 * A local stand-in of Cloudflare Turnstile's siteverify endpoint, speaking its wire format
 * (https://developers.cloudflare.com/turnstile/get-started/server-side-validation/): a POST of
 * `secret`, `response` and optional `remoteip` (form-encoded or JSON), answered with JSON
 * `{ success, challenge_ts, hostname, "error-codes", action, cdata }`. Cloudflare answers 200
 * for a failed check too, with `success: false` and codes such as `invalid-input-response`.
 * Tokens are good once, as Cloudflare's are (a second use is `timeout-or-duplicate`).
 */
export interface SiteverifyStandIn {
  url: string;
  /** The fields of every verification it was asked for. */
  requests: Array<Record<string, string>>;
  /** Makes `token` one that passes. */
  issue(token: string): void;
  stop(): void;
}

export const STAND_IN_SECRET = '0x4AAAAAAA-stand-in-secret';

export function startSiteverifyStandIn(): SiteverifyStandIn {
  const requests: Array<Record<string, string>> = [];
  const good = new Set<string>();
  const used = new Set<string>();
  const server = Bun.serve({
    hostname: '127.0.0.1',
    port: 0,
    async fetch(request) {
      if (request.method !== 'POST' || new URL(request.url).pathname !== '/turnstile/v0/siteverify') {
        return new Response('not found', { status: 404 });
      }
      const type = request.headers.get('content-type') ?? '';
      const fields: Record<string, string> = type.includes('application/json')
        ? ((await request.json()) as Record<string, string>)
        : Object.fromEntries(new URLSearchParams(await request.text()));
      requests.push(fields);
      const answer = (success: boolean, errorCodes: string[]) =>
        Response.json(
          success
            ? {
                success,
                challenge_ts: new Date().toISOString(),
                hostname: 'localhost',
                'error-codes': errorCodes,
                action: '',
                cdata: '',
              }
            : { success, 'error-codes': errorCodes },
        );
      if (!fields.secret) return answer(false, ['missing-input-secret']);
      if (fields.secret !== STAND_IN_SECRET) return answer(false, ['invalid-input-secret']);
      const token = fields.response;
      if (!token) return answer(false, ['missing-input-response']);
      if (used.has(token)) return answer(false, ['timeout-or-duplicate']);
      if (!good.has(token)) return answer(false, ['invalid-input-response']);
      used.add(token);
      return answer(true, []);
    },
  });
  return {
    url: `http://127.0.0.1:${server.port}/turnstile/v0/siteverify`,
    requests,
    issue: (token) => good.add(token),
    stop: () => server.stop(true),
  };
}
