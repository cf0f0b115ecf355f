/**
 * `npm run backup:base -- --out DIR`: a physical base backup of the PostgreSQL server at
 * DATABASE_URL (pg_basebackup, compressed tar, with the WAL it needs), the starting point of
 * point-in-time recovery together with the server's WAL archive (see the README's "Backups").
 * Needs a role with the REPLICATION attribute.
 */
import { existsSync, readdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { argValue, pgTool, requireDatabaseUrl, runTool } from './lib/postgres-tools.ts';

const url = requireDatabaseUrl('npm run backup:base');
const stamp = new Date()
  .toISOString()
  .replaceAll(':', '-')
  .replace(/\.\d+Z$/, 'Z');
const out = resolve(argValue(process.argv, '--out') ?? `backups/base-${stamp}`);
if (existsSync(out) && readdirSync(out).length > 0) {
  console.error(`[backup:base] ${out} is not empty; pg_basebackup needs an empty or new folder`);
  process.exit(2);
}

const started = performance.now();
console.error(`[backup:base] base backup of ${new URL(url).host} into ${out}`);
await runTool([
  pgTool('pg_basebackup'),
  `--dbname=${url}`,
  `--pgdata=${out}`,
  '--format=tar',
  '--gzip',
  // The WAL written during the backup goes into the tar too, so the backup restores on its own.
  '--wal-method=fetch',
  '--checkpoint=fast',
  '--progress',
]);
console.error(`[backup:base] done in ${((performance.now() - started) / 1000).toFixed(1)} s`);
console.log(out);
