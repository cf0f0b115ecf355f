import { type Database, queryRows } from '@edu/platform/db';
import { sql } from 'drizzle-orm';
import { refreshTokenFamilies, refreshTokens } from './schema.ts';

/** A refresh token as stored: its hash only, and when it stops working. */
interface StoredToken {
  id: string;
  tokenHash: string;
  createdAt: Date;
  expiresAt: Date;
}

/**
 * A new sign-in: its refresh-token family and first token, in one statement (so never a family
 * without its token, and no transaction to open).
 */
export async function startSession(
  db: Database,
  session: { familyId: string; userId: string; token: StoredToken },
): Promise<void> {
  const { token } = session;
  await queryRows(
    db,
    sql`with family as (
      insert into ${refreshTokenFamilies} (id, user_id, created_at)
      values (${session.familyId}, ${session.userId}, ${token.createdAt.toISOString()}::timestamptz)
      returning id
    )
    insert into ${refreshTokens} (id, family_id, token_hash, created_at, expires_at)
    select ${token.id}, family.id, ${token.tokenHash}, ${token.createdAt.toISOString()}::timestamptz,
      ${token.expiresAt.toISOString()}::timestamptz
    from family
    returning id`,
  );
}

/**
 * Spends the refresh token `spentId` and stores its successor in the same family, in one
 * statement: claiming is a conditional update, so of two concurrent uses only one wins. False
 * when the token was already spent (nothing is stored then).
 */
export async function rotateRefreshToken(
  db: Database,
  rotation: { spentId: string; usedAt: Date; next: StoredToken },
): Promise<boolean> {
  const { next } = rotation;
  const stored = await queryRows<{ id: string }>(
    db,
    sql`with claimed as (
      update ${refreshTokens} set used_at = ${rotation.usedAt.toISOString()}::timestamptz
      where id = ${rotation.spentId} and used_at is null
      returning family_id
    )
    insert into ${refreshTokens} (id, family_id, token_hash, created_at, expires_at)
    select ${next.id}, claimed.family_id, ${next.tokenHash}, ${next.createdAt.toISOString()}::timestamptz,
      ${next.expiresAt.toISOString()}::timestamptz
    from claimed
    returning id`,
  );
  return stored.length > 0;
}
