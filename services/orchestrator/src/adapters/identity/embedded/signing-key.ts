import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { calculateJwkThumbprint, exportJWK, generateKeyPair, importJWK, type JWK } from 'jose';
import { z } from 'zod';

/**
 * RS256: measured on Bun (bench/jwt-verify.ts), verifying is ~30 % cheaper than ES256 and the
 * gateway verifies on every request while it signs only at login and refresh. It is also
 * Auth0's default, so both providers go through one verification path and allow-list.
 */
export const ISSUER_ALGORITHM = 'RS256';

export interface IssuerKey {
  kid: string;
  privateKey: CryptoKey;
  /** The public half as published in the JWKS. */
  publicJwk: JWK;
}

const PrivateJwkSchema = z.looseObject({
  kty: z.literal('RSA'),
  n: z.string().min(1),
  e: z.string().min(1),
  d: z.string().min(1),
  p: z.string().min(1),
  q: z.string().min(1),
  dp: z.string().min(1),
  dq: z.string().min(1),
  qi: z.string().min(1),
});

async function fromPrivateJwk(jwk: JWK): Promise<IssuerKey> {
  const { n, e, kty } = jwk;
  const kid = await calculateJwkThumbprint({ kty, n, e });
  const privateKey = await importJWK(jwk, ISSUER_ALGORITHM);
  if (!(privateKey instanceof CryptoKey)) throw new Error('The issuer key could not be imported');
  return { kid, privateKey, publicJwk: { kty, n, e, kid, alg: ISSUER_ALGORITHM, use: 'sig' } };
}

async function generatePrivateJwk(): Promise<JWK> {
  const { privateKey } = await generateKeyPair(ISSUER_ALGORITHM, { modulusLength: 2048, extractable: true });
  return exportJWK(privateKey);
}

/**
 * The embedded issuer's signing key: from `ISSUER_PRIVATE_KEY` (a private JWK, for several
 * instances sharing one key), else kept in `file` (created once, mode 0600) so tokens survive
 * restarts, else a fresh one for this process (tests).
 */
export async function loadIssuerKey(options: { privateJwk?: string; file?: string }): Promise<IssuerKey> {
  if (options.privateJwk) {
    const parsed = PrivateJwkSchema.safeParse(safeJson(options.privateJwk));
    if (!parsed.success) throw new Error('Invalid setting ISSUER_PRIVATE_KEY: must be a private RSA JWK');
    return fromPrivateJwk(parsed.data);
  }
  if (!options.file) return fromPrivateJwk(await generatePrivateJwk());
  if (existsSync(options.file)) {
    const parsed = PrivateJwkSchema.safeParse(safeJson(readFileSync(options.file, 'utf8')));
    if (!parsed.success) throw new Error(`The issuer key in ${options.file} is not a private RSA JWK`);
    return fromPrivateJwk(parsed.data);
  }
  const jwk = await generatePrivateJwk();
  mkdirSync(dirname(options.file), { recursive: true });
  writeFileSync(options.file, JSON.stringify(jwk), { mode: 0o600 });
  chmodSync(options.file, 0o600);
  return fromPrivateJwk(jwk);
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}
