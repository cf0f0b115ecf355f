import type { Database } from '@edu/platform/db';
import { asc } from 'drizzle-orm';
import type { JWK } from 'jose';
import { signingKeys } from './schema.ts';

export interface StoredSigningKey {
  kid: string;
  privateJwk: JWK;
  publicJwk: JWK;
}

/** The stored certificate keys, oldest first: the first is the one to sign with. */
export async function listSigningKeys(db: Database): Promise<StoredSigningKey[]> {
  const rows = await db.select().from(signingKeys).orderBy(asc(signingKeys.createdAt), asc(signingKeys.kid));
  return rows.map((row) => ({
    kid: row.kid,
    privateJwk: row.privateJwk as JWK,
    publicJwk: row.publicJwk as JWK,
  }));
}

/** Stores a generated key; a key with the same id already stored wins. */
export async function insertSigningKey(db: Database, key: StoredSigningKey): Promise<void> {
  await db.insert(signingKeys).values(key).onConflictDoNothing();
}
