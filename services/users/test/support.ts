import { afterAll, beforeAll } from 'bun:test';
import { DEMO_ACCOUNTS, type Role } from '@edu/contracts';
import { queryRows } from '@edu/platform/db';
import { serviceCaller, signIdentity } from '@edu/platform/http';
import {
  asCaller,
  type ModuleUnderTest,
  startModuleUnderTest,
  TEST_IDENTITY_SECRET,
} from '@edu/platform/testing';
import { sql } from 'drizzle-orm';
import type { z } from 'zod';
import { usersModule } from '../src/index.ts';
import type { UsersSettings } from '../src/settings.ts';

type UsersUnderTest = ModuleUnderTest<z.infer<typeof UsersSettings>>;

function demoCaller(email: string): { sub: string; roles: Role[] } {
  const account = DEMO_ACCOUNTS.find((candidate) => candidate.email === email);
  if (!account) throw new Error(`No demo account ${email}`);
  return { sub: account.id, roles: account.roles };
}

/** The demo accounts as callers. */
export const ADMIN = demoCaller('admin@example.com');
export const INSTRUCTOR = demoCaller('instructor@example.com');
export const LEARNER = demoCaller('learner@example.com');

/** Headers for a caller the gateway vouched for; none for anonymous. */
export const as = async (caller: { sub: string; roles: Role[] } | undefined) =>
  caller ? await asCaller(caller) : {};

/** Headers for another service (or the gateway, `orchestrator`) calling on its own behalf. */
export const asService = (name: string) => signIdentity(serviceCaller(name), TEST_IDENTITY_SECRET);

/** A partner's API client (client credentials): it has no profile. */
export const asPartnerClient = (sub: string) => asCaller({ sub, roles: [], kind: 'client' });

/**
 * The users module on a fresh database for the calling test file, started before its tests
 * (seeded as `npm start` seeds it, settings from `env`) and closed after them; the helpers
 * act on it. Call it at the top level of the file.
 */
export function useUsersService(env: Record<string, string> = {}) {
  let current: UsersUnderTest | undefined;
  beforeAll(async () => {
    current = await startModuleUnderTest(usersModule, { env });
    await usersModule.seed?.(current.deps);
  }, 60_000);
  afterAll(async () => {
    await current?.close();
  });

  const subject = (): UsersUnderTest => {
    if (!current) throw new Error('The users service starts in beforeAll');
    return current;
  };

  async function request(
    path: string,
    init: { method?: string; body?: unknown; headers?: Record<string, string> } = {},
  ) {
    return subject().app.request(path, {
      method: init.method ?? 'GET',
      headers: {
        ...(init.body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...init.headers,
      },
      ...(init.body !== undefined ? { body: JSON.stringify(init.body) } : {}),
    });
  }

  return {
    subject,
    request,

    /** Registers a profile the way the gateway does, with a fresh id. */
    async createProfile(email: string, name = 'New Person') {
      const id = crypto.randomUUID();
      const response = await request('/internal/v1/users', {
        method: 'POST',
        headers: await asService('orchestrator'),
        body: { id, email, name },
      });
      return { id, response };
    },

    /** The events the users outbox holds for one user, oldest first. */
    async outboxFor(userId: string) {
      return queryRows<{ type: string; envelope: { data: Record<string, unknown> } }>(
        subject().deps.db,
        sql`select type, envelope from users.outbox where key = ${userId} order by seq`,
      );
    },

    /** How many profiles the database holds (only those with the given ids, when given). */
    async countProfiles(ids?: string[]): Promise<number> {
      const where = ids
        ? sql` where id in (${sql.join(
            ids.map((id) => sql`${id}`),
            sql`, `,
          )})`
        : sql``;
      const rows = await queryRows<{ count: number }>(
        subject().deps.db,
        sql`select count(*)::int as count from users.profiles${where}`,
      );
      return rows[0]?.count ?? -1;
    },
  };
}
