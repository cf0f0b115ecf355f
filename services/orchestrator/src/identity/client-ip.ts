import { z } from 'zod';

/**
 * The caller's address, as the runtime entry handed it to the gateway in the Hono env: the
 * Bun server's socket address (embedded) or Cloudflare's `cf-connecting-ip` (edge). Request
 * headers such as X-Forwarded-For are not trusted: anyone can set them.
 */
const ClientEnvSchema = z.object({ clientIp: z.string().min(1) });

export function clientIpOf(env: unknown): string | null {
  const parsed = ClientEnvSchema.safeParse(env);
  return parsed.success ? parsed.data.clientIp : null;
}
