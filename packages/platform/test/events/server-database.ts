import pg from 'pg';
import type { DatabaseHandle } from '../../src/db/index.ts';
import { openPostgres } from '../../src/db/postgres.ts';

/** A fresh database on the TEST_DATABASE_URL server, with its URL (child processes need it). */
export async function openServerDatabase(
  serverUrl: string,
): Promise<DatabaseHandle & { url: string; name: string }> {
  const name = `test_${crypto.randomUUID().replaceAll('-', '')}`;
  await adminQuery(serverUrl, `create database ${name}`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const handle = openPostgres(url.toString(), { maxConnections: 20 });
  return {
    ...handle,
    url: url.toString(),
    name,
    close: async () => {
      await handle.close();
      await adminQuery(serverUrl, `drop database if exists ${name} with (force)`);
    },
  };
}

/** Takes a database off line (as a crashed bus server would be) or brings it back. */
export async function setDatabaseOnline(serverUrl: string, name: string, online: boolean): Promise<void> {
  await adminQuery(serverUrl, `alter database ${name} with allow_connections ${online}`);
  if (!online) {
    await adminQuery(
      serverUrl,
      `select pg_terminate_backend(pid) from pg_stat_activity where datname = '${name}'`,
    );
  }
}

async function adminQuery(serverUrl: string, text: string): Promise<void> {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    await client.query(text);
  } finally {
    await client.end();
  }
}
