import { afterAll, describe, expect, test } from 'bun:test';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { silentLogger } from '@edu/platform/testing';
import pg from 'pg';
import { createPlatform, type Platform } from '../scripts/lib/platform.ts';
import { callApi, eventually, signIn } from './support.ts';

const root = new URL('..', import.meta.url).pathname;
const serverUrl = process.env.TEST_DATABASE_URL;
/** Everything the platform keeps in its database: the services, identity, the event log, the journals. */
const PLATFORM_SCHEMAS = [
  'users',
  'courses',
  'payments',
  'notifications',
  'progress',
  'identity',
  'eventbus',
  'drizzle',
];

async function admin<Row extends Record<string, unknown>>(url: string, text: string): Promise<Row[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<Row>(text)).rows;
  } finally {
    await client.end();
  }
}

/** Row counts of every table in the platform's schemas, as `schema.table → count`. */
async function rowCounts(url: string): Promise<Record<string, number>> {
  const tables = await admin<{ name: string }>(
    url,
    `select table_schema || '.' || table_name as name from information_schema.tables
     where table_type = 'BASE TABLE' and table_schema in (${PLATFORM_SCHEMAS.map((s) => `'${s}'`).join(',')})
     order by 1`,
  );
  const counts: Record<string, number> = {};
  for (const { name } of tables) {
    const [row] = await admin<{ count: string }>(url, `select count(*) as count from ${name}`);
    counts[name] = Number(row?.count ?? 0);
  }
  return counts;
}

async function runScript(script: string, args: string[], url: string) {
  const child = Bun.spawn([process.execPath, script, ...args], {
    cwd: root,
    env: { ...process.env, DATABASE_URL: url },
    stdout: 'pipe',
    stderr: 'pipe',
  });
  const [code, stderr] = await Promise.all([child.exited, new Response(child.stderr).text()]);
  if (code !== 0) throw new Error(`${script} exited ${code}: ${stderr}`);
}

// pg_dump and pg_restore need a PostgreSQL server: this runs in npm test's server-backed run.
describe.skipIf(!serverUrl)('npm run backup / npm run restore (PostgreSQL server)', () => {
  const name = `backup_${crypto.randomUUID().replaceAll('-', '')}`;
  const url = (() => {
    const parsed = new URL(serverUrl ?? 'postgres://localhost/none');
    parsed.pathname = `/${name}`;
    return parsed.toString();
  })();
  const work = mkdtempSync(join(tmpdir(), 'edu-backup-'));
  const env = { LOG_LEVEL: 'silent', DATABASE_URL: url };
  let platform: Platform | undefined;
  /** What the dump holds, table by table. */
  let dumped: Record<string, number> = {};

  afterAll(async () => {
    await platform?.close();
    rmSync(work, { recursive: true, force: true });
    if (serverUrl) await admin(serverUrl, `drop database if exists ${name} with (force)`);
  });

  test('backup → drop every schema → restore finds every row, and the platform runs on it', async () => {
    if (!serverUrl) return;
    await admin(serverUrl, `create database ${name}`);
    platform = await createPlatform({ env, logger: silentLogger });
    const email = `backup-${Date.now()}@example.com`;
    const registered = await callApi(platform, '/api/v1/auth/register', {
      method: 'POST',
      body: { email, password: 'backup-password', name: 'Backup Learner' },
    });
    expect(registered.status).toBe(201);
    const token = await signIn(platform, email, 'backup-password');
    // The welcome notification means the event went outbox → log → consumer: every kind of table has rows.
    const feed = await eventually(
      () => callApi(platform as Platform, '/api/v1/notifications', { token }),
      (answer) => Array.isArray(answer.body.items) && answer.body.items.length > 0,
    );
    expect(feed.body.items).toHaveLength(1);
    await platform.close();
    platform = undefined;

    const before = await rowCounts(url);
    expect(Object.keys(before)).toContain('eventbus.log');
    expect(before['users.profiles']).toBe(1);
    expect(before['eventbus.log']).toBeGreaterThan(0);

    const dump = join(work, 'platform.dump');
    await runScript('scripts/backup.ts', ['--out', dump], url);
    dumped = before;
    await admin(url, `drop schema ${PLATFORM_SCHEMAS.join(', ')} cascade`);
    expect(await rowCounts(url)).toEqual({});

    await runScript('scripts/restore.ts', [dump], url);
    expect(await rowCounts(url)).toEqual(before);
    const [profile] = await admin<{ email: string }>(url, 'select email from users.profiles');
    expect(profile?.email).toBe(email);

    // The restored database is a working platform: its migration journals say nothing is left to apply.
    platform = await createPlatform({ env, logger: silentLogger });
    const again = await signIn(platform, email, 'backup-password');
    const me = await callApi(platform, '/api/v1/users/me', { token: again });
    expect(me.body.email).toBe(email);
    await platform.close();
    platform = undefined;
  }, 120_000);

  test('a restore into a database that holds newer rows puts it back as the dump was', async () => {
    if (!serverUrl) return;
    // Since the dump the platform ran again (a sign-in); add a profile on top.
    await admin(
      url,
      `insert into users.profiles (id, email, name, roles) values ('extra', 'extra@example.com', 'Extra', '{user}')`,
    );
    expect(await rowCounts(url)).not.toEqual(dumped);
    await runScript('scripts/restore.ts', [join(work, 'platform.dump')], url);
    expect(await rowCounts(url)).toEqual(dumped);
  }, 60_000);
});
