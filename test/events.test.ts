import { afterAll, beforeAll, expect, test } from 'bun:test';
import { appendToOutbox, defineOutboxTable, postgresLogLag } from '@edu/platform/events';
import { eq } from 'drizzle-orm';
import { pgSchema } from 'drizzle-orm/pg-core';
import type { Platform } from '../scripts/lib/platform.ts';
import { STARTUP_TIMEOUT_MS, startTestPlatform } from './support.ts';

// The embedded platform runs the event machinery: a relay per service outbox on the Postgres log.
let platform: Platform;
beforeAll(async () => {
  platform = await startTestPlatform();
}, STARTUP_TIMEOUT_MS);
afterAll(async () => {
  await platform.close();
});

test('the embedded platform relays a service outbox to the Postgres log', async () => {
  expect(platform.bus.kind).toBe('postgres-log');
  const outbox = defineOutboxTable(pgSchema('users'));
  const db = platform.database.db;
  const [event] = await db.transaction((tx) =>
    appendToOutbox(
      tx,
      outbox,
      [
        {
          type: 'USER_CREATED',
          key: 'user-1',
          data: { userId: 'user-1', email: 'one@example.com', name: 'One', locale: null, roles: ['user'] },
        },
      ],
      {
        correlationId: 'req-events-1',
        source: 'users',
      },
    ),
  );
  if (!event) throw new Error('no event appended');
  // Nobody nudges the relay here: its periodic sweep must find the row.
  const started = Date.now();
  for (;;) {
    const [row] = await db.select().from(outbox).where(eq(outbox.eventId, event.id));
    if (row?.publishedAt) break;
    if (Date.now() - started > 10_000) throw new Error('the relay did not publish the outbox row');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  expect(Array.isArray(await postgresLogLag(db))).toBe(true);
});
