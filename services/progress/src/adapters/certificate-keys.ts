import type { Database } from '@edu/platform/db';
import {
  calculateJwkThumbprint,
  createLocalJWKSet,
  errors,
  exportJWK,
  generateKeyPair,
  importJWK,
  type JWK,
  type JWTPayload,
  jwtVerify,
  SignJWT,
} from 'jose';
import type { z } from 'zod';
import { insertSigningKey, listSigningKeys, type StoredSigningKey } from '../db/signing-keys.ts';
import {
  CERTIFICATE_ALGORITHM,
  CERTIFICATE_TYPE,
  type CertificateClaims,
  CertificateClaimsSchema,
  type InvalidReason,
} from '../domain/certificate.ts';
import { PrivateJwkSchema } from '../settings.ts';

/** Our certificate keys' ids start with this, so they never clash with the identity issuer's in one JWKS. */
const KID_PREFIX = 'progress-certificates-';
const RELOAD_AFTER_MS = 30_000;

export interface PublicJwks {
  keys: JWK[];
}

interface SigningKey {
  kid: string;
  privateKey: CryptoKey | Uint8Array;
}

type CredentialCheck = { valid: true; claims: CertificateClaims } | { valid: false; reason: InvalidReason };

/** Signs with a key already loaded, so it never touches the database (safe inside a transaction). */
export type CertificateSigner = (claims: CertificateClaims) => Promise<string>;

export interface CertificateKeys {
  /** Loads the signing key (once) and returns a signer bound to it. */
  signer(): Promise<CertificateSigner>;
  /** The public keys as a JWKS: all a third party needs to check a credential. */
  jwks(): Promise<PublicJwks>;
  /** Checks signature, type, algorithm and issuer; never throws for a bad credential. */
  check(credential: string): Promise<CredentialCheck>;
}

function publicPart(jwk: JWK, kid: string): JWK {
  return { kty: jwk.kty, crv: jwk.crv, x: jwk.x, y: jwk.y, kid, alg: CERTIFICATE_ALGORITHM, use: 'sig' };
}

async function kidFor(jwk: JWK): Promise<string> {
  return `${KID_PREFIX}${(await calculateJwkThumbprint(publicPart(jwk, ''))).slice(0, 16)}`;
}

/** The configured key (CERTIFICATE_SIGNING_KEY), validated so a typo fails loudly at first use. */
async function configuredKey(json: string): Promise<{ signing: SigningKey; publicJwk: JWK }> {
  let parsed: z.infer<typeof PrivateJwkSchema>;
  try {
    parsed = PrivateJwkSchema.parse(JSON.parse(json));
  } catch {
    throw new Error('Invalid setting CERTIFICATE_SIGNING_KEY: must be an EC P-256 private key as JWK JSON');
  }
  const kid = parsed.kid ?? (await kidFor(parsed));
  const privateKey = await importJWK({ ...parsed, alg: CERTIFICATE_ALGORITHM }, CERTIFICATE_ALGORITHM);
  return { signing: { kid, privateKey }, publicJwk: publicPart(parsed, kid) };
}

/**
 * The stored keys; when there are none yet, one is generated and inserted. Instances that
 * race here may each insert one, but all then sign with the oldest, and all stay published.
 */
async function storedKeys(db: Database): Promise<StoredSigningKey[]> {
  const existing = await listSigningKeys(db);
  if (existing.length > 0) return existing;
  const { privateKey } = await generateKeyPair(CERTIFICATE_ALGORITHM, { extractable: true });
  const privateJwk = await exportJWK(privateKey);
  const kid = await kidFor(privateJwk);
  await insertSigningKey(db, {
    kid,
    privateJwk: { ...privateJwk, kid },
    publicJwk: publicPart(privateJwk, kid),
  });
  return listSigningKeys(db);
}

async function loadKeys(db: Database, configured: string | undefined) {
  const stored = await storedKeys(db).catch((error: unknown) => {
    // With a configured key the table only adds older keys to the JWKS; without one it is essential.
    if (configured) return [];
    throw error;
  });
  const publicKeys = stored.map((key) => key.publicJwk);
  if (configured) {
    const key = await configuredKey(configured);
    return {
      signing: key.signing,
      publicKeys: [key.publicJwk, ...publicKeys.filter((jwk) => jwk.kid !== key.signing.kid)],
    };
  }
  const [active] = stored;
  if (!active) throw new Error('No certificate signing key could be stored');
  const privateKey = await importJWK(
    { ...active.privateJwk, alg: CERTIFICATE_ALGORITHM },
    CERTIFICATE_ALGORITHM,
  );
  return { signing: { kid: active.kid, privateKey }, publicKeys };
}

function reasonFor(error: unknown): InvalidReason {
  if (error instanceof errors.JWSSignatureVerificationFailed) return 'invalid_signature';
  if (error instanceof errors.JWKSNoMatchingKey || error instanceof errors.JWKSMultipleMatchingKeys) {
    return 'unknown_key';
  }
  if (error instanceof errors.JWTClaimValidationFailed && error.claim === 'iss') return 'wrong_issuer';
  return 'malformed';
}

/**
 * The certificate keys of one app. Loaded once and kept for the app's lifetime (the key set
 * changes only when a key is first generated); a failed load is retried on the next call.
 */
export function createCertificateKeys(options: {
  db: Database;
  issuer: string;
  configuredKey?: string | undefined;
}): CertificateKeys {
  let loading: ReturnType<typeof loadKeys> | null = null;
  let loadedAt = 0;
  const keys = () => {
    if (!loading) {
      loadedAt = Date.now();
      loading = loadKeys(options.db, options.configuredKey);
      loading.catch(() => {
        loading = null;
      });
    }
    return loading;
  };

  const verifyWith = async (credential: string, publicKeys: JWK[]): Promise<CredentialCheck> => {
    try {
      const { payload } = await jwtVerify<JWTPayload>(credential, createLocalJWKSet({ keys: publicKeys }), {
        algorithms: [CERTIFICATE_ALGORITHM],
        issuer: options.issuer,
        typ: CERTIFICATE_TYPE,
      });
      const claims = CertificateClaimsSchema.safeParse(payload);
      return claims.success ? { valid: true, claims: claims.data } : { valid: false, reason: 'malformed' };
    } catch (error) {
      return { valid: false, reason: reasonFor(error) };
    }
  };

  return {
    async signer() {
      const { signing } = await keys();
      return (claims) =>
        new SignJWT(claims)
          .setProtectedHeader({ alg: CERTIFICATE_ALGORITHM, kid: signing.kid, typ: CERTIFICATE_TYPE })
          .sign(signing.privateKey);
    },
    async jwks() {
      return { keys: (await keys()).publicKeys };
    },
    async check(credential) {
      const first = await verifyWith(credential, (await keys()).publicKeys);
      if (first.valid || first.reason !== 'unknown_key' || Date.now() - loadedAt < RELOAD_AFTER_MS)
        return first;
      // Another instance may have generated a key after we loaded ours: reload and retry, at
      // most every RELOAD_AFTER_MS, so credentials with made-up key ids cannot hammer the table.
      loading = null;
      return verifyWith(credential, (await keys()).publicKeys);
    },
  };
}
