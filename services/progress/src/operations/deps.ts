import type { Database } from '@edu/platform/db';
import type { Identity } from '@edu/platform/http';
import type { CertificateKeys } from '../adapters/certificate-keys.ts';

/** What the progress use cases need; `createApp` builds it once from the module's deps. */
export interface ProgressDeps {
  db: Database;
  /** The keys certificates are signed and checked with. */
  keys: CertificateKeys;
  /** The `iss` of every certificate: the platform's public origin (PUBLIC_URL). */
  issuer: string;
}

/** Who asks, and the request id: the correlationId of the events the request causes. */
export interface RequestContext {
  caller: Identity;
  requestId: string;
}
