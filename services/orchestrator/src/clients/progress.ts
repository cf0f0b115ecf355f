import type { ServiceBinding } from '@edu/platform';
import { createServiceClient } from '@edu/platform/http';
import { z } from 'zod';

const KEYS_TIMEOUT_MS = 2_000;

const KeySetSchema = z.object({ keys: z.array(z.record(z.string(), z.unknown())) });

/**
 * The progress service signs certificates with keys of its own and publishes them at
 * /api/v1/certificates/keys; the gateway lists them in its JWKS too.
 */
export function createProgressClient(binding: ServiceBinding, identitySecret: string) {
  const progress = createServiceClient({
    from: 'orchestrator',
    to: 'progress',
    binding,
    identitySecret,
  });
  return {
    /** The certificate keys; none when the progress service does not answer (the token keys still are). */
    async certificateKeys(requestId: string): Promise<Array<Record<string, unknown>>> {
      try {
        const response = await progress.fetch({
          path: '/api/v1/certificates/keys',
          requestId,
          timeoutMs: KEYS_TIMEOUT_MS,
        });
        return (await progress.read(response, KeySetSchema)).keys;
      } catch {
        return [];
      }
    },
  };
}
export type ProgressClient = ReturnType<typeof createProgressClient>;
