/**
 * `npm run restore -- FILE`: restores a dump taken by `npm run backup` into the database at
 * DATABASE_URL, in one transaction: every object in the dump is dropped if it exists and
 * created again with its rows, so afterwards the database holds exactly what the dump held
 * (tables the dump does not know are left alone). Stop the platform first.
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { pgTool, requireDatabaseUrl, runTool } from './lib/postgres-tools.ts';

const url = requireDatabaseUrl('npm run restore');
const file = process.argv[2];
if (!file || !existsSync(file)) {
  console.error(
    `Usage: npm run restore -- FILE (a dump written by npm run backup)${file ? `; ${file} does not exist` : ''}`,
  );
  process.exit(2);
}

const started = performance.now();
console.error(`[restore] restoring ${resolve(file)} into ${new URL(url).pathname.slice(1)}`);
await runTool([
  pgTool('pg_restore'),
  '--clean',
  '--if-exists',
  '--no-owner',
  '--no-privileges',
  '--single-transaction',
  '--exit-on-error',
  `--dbname=${url}`,
  file,
]);
console.error(`[restore] done in ${((performance.now() - started) / 1000).toFixed(1)} s`);
