import { AppError } from '@edu/platform/http';
import { z } from 'zod';

/** What siteverify answers (https://developers.cloudflare.com/turnstile/get-started/server-side-validation/). */
const SiteverifyAnswerSchema = z.object({
  success: z.boolean(),
  'error-codes': z.array(z.string()).default([]),
});

/**
 * Cloudflare Turnstile's human check, verified on the server: the widget's token goes to
 * siteverify with our secret and the caller's address. A token is good once and for 300 s.
 */
export function createTurnstileVerifier(options: {
  secret: string;
  verifyUrl: string;
  fetch?: typeof fetch;
  timeoutMs?: number;
}) {
  const send = options.fetch ?? fetch;
  return {
    /** True when Cloudflare vouches for the token; a 502 when siteverify cannot answer. */
    async verify(token: string, remoteIp: string | null): Promise<boolean> {
      const form = new URLSearchParams({ secret: options.secret, response: token });
      if (remoteIp) form.set('remoteip', remoteIp);
      let answer: unknown;
      try {
        const response = await send(options.verifyUrl, {
          method: 'POST',
          body: form,
          signal: AbortSignal.timeout(options.timeoutMs ?? 5_000),
        });
        answer = await response.json();
      } catch {
        throw new AppError('bad_gateway', 'The human check could not be verified; try again');
      }
      const parsed = SiteverifyAnswerSchema.safeParse(answer);
      if (!parsed.success)
        throw new AppError('bad_gateway', 'The human check could not be verified; try again');
      return parsed.data.success;
    },
  };
}
export type TurnstileVerifier = ReturnType<typeof createTurnstileVerifier>;
