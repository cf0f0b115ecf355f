import { urlSetting } from '@edu/platform';
import { z } from 'zod';
import { IdentitySettings, requireCompleteAuth0 } from './config.ts';
import { TrafficSettings } from './traffic-config.ts';

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
