/** The embedded issuer (local and self-hosted topologies); never imported by the edge worker. */
export {
  createEmbeddedIssuer,
  EMBEDDED_ROLES_CLAIM,
  type EmbeddedIssuer,
  type UserClaims,
} from './issuer.ts';
export { hashPassword, verifyPassword } from './password-hash.ts';
export { DEMO_PARTNER_CLIENT, seedDemoCredentials } from './seed.ts';
export { ISSUER_ALGORITHM, type IssuerKey, loadIssuerKey } from './signing-key.ts';
