import { afterAll, expect, test } from 'bun:test';
import { chmodSync, chownSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { pgTool } from '../scripts/lib/postgres-tools.ts';
import { freePort } from './support.ts';

/**
 * Point-in-time recovery as the README describes it, on a PostgreSQL cluster of its own
 * (WAL archiving needs server settings the shared test server does not have): archive WAL,
 * take a base backup, write a row, note the time, write another, then recover a new cluster
 * to that time: it has the first row and not the second.
 */
const root = new URL('..', import.meta.url).pathname;
const work = mkdtempSync('/var/tmp/edu-pitr-');
const port = freePort();
const recoveredPort = freePort();
const isRoot = process.getuid?.() === 0;
// PostgreSQL refuses to run as root: as root, its files and processes belong to `postgres`.
const asOwner = (command: string[]) => (isRoot ? ['runuser', '-u', 'postgres', '--', ...command] : command);
const running: string[] = [];

function ownedDir(path: string, mode = 0o700): string {
  mkdirSync(path, { recursive: true, mode });
  chmodSync(path, mode);
  if (isRoot) {
    const id = Bun.spawnSync(['id', '-u', 'postgres']).stdout.toString().trim();
    const gid = Bun.spawnSync(['id', '-g', 'postgres']).stdout.toString().trim();
    chownSync(path, Number(id), Number(gid));
  }
  return path;
}

async function run(command: string[], env: Record<string, string> = {}): Promise<string> {
  const child = Bun.spawn(command, {
    cwd: root,
    env: { ...process.env, ...env },
    stdout: 'pipe',
    stderr: 'pipe',
  });
  const [code, stdout, stderr] = await Promise.all([
    child.exited,
    new Response(child.stdout).text(),
    new Response(child.stderr).text(),
  ]);
  if (code !== 0) throw new Error(`${command.join(' ')} exited ${code}: ${stderr}${stdout}`);
  return stdout;
}

async function startCluster(pgdata: string, clusterPort: number, settings: string[] = []) {
  const options = [`-p ${clusterPort}`, `-k ${pgdata}`, '-c listen_addresses=127.0.0.1', ...settings].join(
    ' ',
  );
  await run(
    asOwner([
      pgTool('pg_ctl'),
      '-D',
      pgdata,
      '-l',
      join(pgdata, 'server.log'),
      '-w',
      '-t',
      '60',
      'start',
      '-o',
      options,
    ]),
  );
  running.push(pgdata);
}

async function stopCluster(pgdata: string) {
  await run(asOwner([pgTool('pg_ctl'), '-D', pgdata, '-m', 'fast', '-w', 'stop']));
  running.splice(running.indexOf(pgdata), 1);
}

async function query<Row extends Record<string, unknown>>(clusterPort: number, text: string): Promise<Row[]> {
  const client = new pg.Client({ host: '127.0.0.1', port: clusterPort, user: 'edu', database: 'postgres' });
  await client.connect();
  try {
    return (await client.query<Row>(text)).rows;
  } finally {
    await client.end();
  }
}

afterAll(async () => {
  for (const pgdata of [...running]) await stopCluster(pgdata).catch(() => {});
  rmSync(work, { recursive: true, force: true });
});

test('restore:pitr recovers to a moment between two writes: the first is there, the second is not', async () => {
  ownedDir(work, 0o755);
  const pgdata = ownedDir(join(work, 'primary'));
  const archive = ownedDir(join(work, 'wal-archive'), 0o755);
  const base = join(work, 'base');
  const recovered = join(work, 'recovered');
  await run(asOwner([pgTool('initdb'), '-D', pgdata, '-U', 'edu', '--auth=trust', '-E', 'UTF8']));
  // The WAL archiving the README's "Point-in-time recovery" section sets up.
  await startCluster(pgdata, port, [
    '-c wal_level=replica',
    '-c archive_mode=on',
    `-c "archive_command=test ! -f ${archive}/%f && cp %p ${archive}/%f"`,
  ]);
  await query(
    port,
    'create table ledger (note text primary key, written_at timestamptz default clock_timestamp())',
  );

  const url = `postgres://edu@127.0.0.1:${port}/postgres`;
  await run([process.execPath, 'scripts/backup-base.ts', '--out', base], { DATABASE_URL: url });

  await query(port, "insert into ledger (note) values ('first')");
  await Bun.sleep(1_100);
  const [moment] = await query<{ at: string }>(port, 'select clock_timestamp()::text as at');
  await Bun.sleep(1_100);
  await query(port, "insert into ledger (note) values ('second')");
  // Close the WAL segment holding both writes so the archiver copies it, and wait for it.
  const [segment] = await query<{ name: string }>(port, 'select pg_walfile_name(pg_switch_wal()) as name');
  for (let tries = 0; tries < 100; tries++) {
    const [status] = await query<{ last: string | null }>(
      port,
      'select last_archived_wal as last from pg_stat_archiver',
    );
    if (status?.last && segment && status.last >= segment.name) break;
    await Bun.sleep(100);
  }
  await stopCluster(pgdata);

  await run([
    process.execPath,
    'scripts/pitr-restore.ts',
    '--base',
    base,
    '--wal-archive',
    archive,
    '--target-time',
    moment?.at ?? '',
    '--pgdata',
    recovered,
  ]);
  ownedDir(recovered);
  if (isRoot) await run(['chown', '-R', 'postgres:postgres', recovered]);
  await startCluster(recovered, recoveredPort);
  for (let tries = 0; tries < 100; tries++) {
    const [state] = await query<{ recovering: boolean }>(
      recoveredPort,
      'select pg_is_in_recovery() as recovering',
    );
    if (state && !state.recovering) break;
    await Bun.sleep(100);
  }
  const notes = await query<{ note: string }>(recoveredPort, 'select note from ledger order by note');
  expect(notes.map((row) => row.note)).toEqual(['first']);
}, 120_000);
