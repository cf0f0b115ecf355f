import { urlSetting } from '@edu/platform/config';
import { z } from 'zod';

/** An EC P-256 private key as a JWK: what CERTIFICATE_SIGNING_KEY must hold. */
export const PrivateJwkSchema = z.looseObject({
  kty: z.literal('EC'),
  crv: z.literal('P-256'),
  x: z.string().min(1),
  y: z.string().min(1),
  d: z.string().min(1),
  kid: z.string().min(1).optional(),
});

function isPrivateJwk(json: string): boolean {
  try {
    return PrivateJwkSchema.safeParse(JSON.parse(json)).success;
  } catch {
    return false;
  }
}

/**
 * The progress service's own settings, parsed once by the runner and handed in as
 * `deps.settings`. The embedded runner supplies PUBLIC_URL (the origin it serves on) unless set.
 */
export const ProgressSettingsSchema = z.object({
  /** The platform's public origin: the `iss` of every certificate. */
  PUBLIC_URL: urlSetting(['http', 'https']).default('http://localhost:8787'),
  /**
   * An ES256 private key as a JWK JSON string. Unset: a key is generated once and kept in
   * the progress schema, so certificates survive restarts without any configuration.
   */
  CERTIFICATE_SIGNING_KEY: z
    .string()
    .refine(isPrivateJwk, 'must be an EC P-256 private key as JWK JSON (kty, crv, x, y, d)')
    .optional(),
});
export type ProgressSettings = z.infer<typeof ProgressSettingsSchema>;

/** The issuer string: the origin without a trailing slash, so it compares equal however it was typed. */
export function issuerOf(settings: Pick<ProgressSettings, 'PUBLIC_URL'>): string {
  return settings.PUBLIC_URL.replace(/\/+$/, '');
}
