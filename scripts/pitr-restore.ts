/**
 * `npm run restore:pitr -- --base DIR --wal-archive DIR --target-time TIME --pgdata DIR`:
 * prepares a new PostgreSQL data directory that recovers to TIME: it unpacks the base backup
 * (`npm run backup:base`), points `restore_command` at the WAL archive, sets
 * `recovery_target_time` and asks the server to promote once it gets there. Start a server on
 * `--pgdata` (pg_ctl start, as the user that owns it) and it replays the archive up to TIME.
 * TIME is any timestamp PostgreSQL reads, e.g. `2026-12-04 21:10:00+00`.
 */
import { appendFileSync, existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { argValue, runTool } from './lib/postgres-tools.ts';

function required(name: string): string {
  const value = argValue(process.argv, name);
  if (!value) {
    console.error(
      `Missing ${name}. Usage: npm run restore:pitr -- --base DIR --wal-archive DIR --target-time TIME --pgdata DIR`,
    );
    process.exit(2);
  }
  return value;
}

const base = resolve(required('--base'));
const archive = resolve(required('--wal-archive'));
const targetTime = required('--target-time');
const pgdata = resolve(required('--pgdata'));
if (!existsSync(join(base, 'base.tar.gz'))) {
  console.error(`[restore:pitr] ${base} holds no base.tar.gz (take one with npm run backup:base)`);
  process.exit(2);
}
if (existsSync(pgdata) && readdirSync(pgdata).length > 0) {
  console.error(`[restore:pitr] ${pgdata} is not empty; recover into a new folder`);
  process.exit(2);
}

mkdirSync(pgdata, { recursive: true, mode: 0o700 });
console.error(`[restore:pitr] unpacking ${base}/base.tar.gz into ${pgdata}`);
await runTool(['tar', '-xzf', join(base, 'base.tar.gz'), '-C', pgdata]);
// Settings in postgresql.auto.conf win over postgresql.conf; recovery.signal starts targeted recovery.
const quote = (value: string) => `'${value.replaceAll("'", "''")}'`;
appendFileSync(
  join(pgdata, 'postgresql.auto.conf'),
  [
    '',
    '# Written by npm run restore:pitr',
    `restore_command = ${quote(`cp ${archive}/%f %p`)}`,
    `recovery_target_time = ${quote(targetTime)}`,
    "recovery_target_action = 'promote'",
    '',
  ].join('\n'),
);
writeFileSync(join(pgdata, 'recovery.signal'), '');
console.error(
  `[restore:pitr] ready: start PostgreSQL on ${pgdata}; it recovers to ${targetTime}, then opens`,
);
