import type { Role } from '@edu/contracts';
import type { DatabaseHandle } from '@edu/platform/db';
import { openTestDatabase } from '@edu/platform/testing';
import { createEmbeddedIssuer, type EmbeddedIssuer } from '../../src/adapters/identity/embedded/issuer.ts';
import { type IssuerKey, loadIssuerKey } from '../../src/adapters/identity/embedded/signing-key.ts';
import { orchestratorModule } from '../../src/index.ts';

export const TEST_ISSUER = 'http://localhost:8787';
export const TEST_AUDIENCE = 'https://api.edu.local';
export const TEST_CLIENT_ID = 'edu-site';

export interface IssuerUnderTest {
  issuer: EmbeddedIssuer;
  key: IssuerKey;
  database: DatabaseHandle;
  /** What tokens say about each user; tests fill it as the users service would. */
  profiles: Map<string, { email: string; name: string; roles: Role[] }>;
  close(): Promise<void>;
}

/** The embedded issuer on a fresh, migrated test database, with its own key. */
export async function startEmbeddedIssuer(
  options: { accessTokenTtlSeconds?: number; refreshTokenTtlSeconds?: number; now?: () => number } = {},
): Promise<IssuerUnderTest> {
  const database = await openTestDatabase();
  await database.migrate({
    migrationsFolder: orchestratorModule.migrations.folder,
    service: orchestratorModule.migrations.schema,
  });
  const key = await loadIssuerKey({});
  const profiles = new Map<string, { email: string; name: string; roles: Role[] }>();
  const issuer = createEmbeddedIssuer({
    db: database.db,
    key,
    issuer: TEST_ISSUER,
    audience: TEST_AUDIENCE,
    clientId: TEST_CLIENT_ID,
    accessTokenTtlSeconds: options.accessTokenTtlSeconds ?? 900,
    refreshTokenTtlSeconds: options.refreshTokenTtlSeconds ?? 3600,
    loadClaims: async (userId) => profiles.get(userId) ?? null,
    ...(options.now ? { now: options.now } : {}),
  });
  return { issuer, key, database, profiles, close: () => database.close() };
}
