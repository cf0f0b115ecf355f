import { DEMO_ACCOUNTS } from '@edu/contracts';
import type { EmbeddedIssuer } from './issuer.ts';

/** The demo accounts' credentials (embedded issuer only); idempotent, existing ones are kept. */
export async function seedDemoCredentials(issuer: EmbeddedIssuer): Promise<void> {
  for (const account of DEMO_ACCOUNTS) {
    await issuer.seedCredential({ id: account.id, email: account.email, password: account.password });
  }
}
