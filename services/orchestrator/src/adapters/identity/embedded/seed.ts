import { DEMO_ACCOUNTS, PARTNER_SCOPES } from '@edu/contracts';
import type { EmbeddedIssuer } from './issuer.ts';

/** The demo partner client (embedded issuer only), printed by `npm start` with the demo accounts. */
export const DEMO_PARTNER_CLIENT = {
  clientId: 'demo-partner',
  name: 'Demo partner',
  secret: 'demo-partner-secret',
  scopes: [...PARTNER_SCOPES],
} as const;

/**
 * The demo accounts' credentials and the demo partner client (embedded issuer only);
 * idempotent, existing ones are kept.
 */
export async function seedDemoCredentials(issuer: EmbeddedIssuer): Promise<void> {
  for (const account of DEMO_ACCOUNTS) {
    await issuer.seedCredential({ id: account.id, email: account.email, password: account.password });
  }
  await issuer.clients.seed({ ...DEMO_PARTNER_CLIENT, scopes: [...DEMO_PARTNER_CLIENT.scopes] });
}
