/**
 * `npm run backup -- [--out FILE]`: one consistent dump of the platform's database at
 * DATABASE_URL — every service schema, the identity schema, the event log (`eventbus`) and the
 * migration journals (`drizzle`) — in pg_dump's custom format. pg_dump reads everything in one
 * snapshot, so the outboxes, the log and each service's tables agree with each other.
 * Restore with `npm run restore -- FILE`.
 */
import { mkdirSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { argValue, pgTool, requireDatabaseUrl, runTool } from './lib/postgres-tools.ts';

const url = requireDatabaseUrl('npm run backup');
const stamp = new Date()
  .toISOString()
  .replaceAll(':', '-')
  .replace(/\.\d+Z$/, 'Z');
const out = resolve(argValue(process.argv, '--out') ?? `backups/edu-${stamp}.dump`);
mkdirSync(dirname(out), { recursive: true });

const started = performance.now();
console.error(`[backup] dumping ${new URL(url).pathname.slice(1)} to ${out}`);
// --no-owner/--no-privileges: the dump restores into a server whose roles may be named otherwise.
await runTool([pgTool('pg_dump'), '--format=custom', '--no-owner', '--no-privileges', `--file=${out}`, url]);
const seconds = ((performance.now() - started) / 1000).toFixed(1);
console.error(`[backup] done in ${seconds} s: ${(statSync(out).size / 1024).toFixed(0)} KiB`);
console.log(out);
