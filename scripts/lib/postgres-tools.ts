/**
 * PostgreSQL's own client tools (pg_dump, pg_restore, pg_basebackup), which the backup scripts
 * drive: they are the standard, well-kept way to take consistent dumps and base backups.
 */
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

const DEBIAN_ROOT = '/usr/lib/postgresql';

/**
 * The path of a PostgreSQL tool: `PG_BIN_DIR/<tool>` when set, else the newest version Debian's
 * packages installed, else the name alone (found on PATH). pg_dump must be at least as new as the server.
 */
export function pgTool(tool: string): string {
  const configured = process.env.PG_BIN_DIR;
  if (configured) return join(configured, tool);
  if (existsSync(DEBIAN_ROOT)) {
    const versions = readdirSync(DEBIAN_ROOT)
      .filter((name) => /^\d+$/.test(name) && existsSync(join(DEBIAN_ROOT, name, 'bin', tool)))
      .sort((a, b) => Number(b) - Number(a));
    const newest = versions[0];
    if (newest) return join(DEBIAN_ROOT, newest, 'bin', tool);
  }
  return tool;
}

/** Runs a tool with its output passed through; throws with its name and exit code when it fails. */
export async function runTool(command: string[], env: Record<string, string> = {}): Promise<void> {
  const child = Bun.spawn(command, {
    env: { ...process.env, ...env },
    stdout: 'inherit',
    stderr: 'inherit',
  });
  const code = await child.exited;
  if (code !== 0) throw new Error(`${command[0]} exited with code ${code}`);
}

/** Reads `--name value` from the command line. */
export function argValue(args: string[], name: string): string | undefined {
  const index = args.indexOf(name);
  return index >= 0 ? args[index + 1] : undefined;
}

/** DATABASE_URL, or a one-line explanation and exit 2: backups are for the PostgreSQL server topologies. */
export function requireDatabaseUrl(script: string): string {
  const url = process.env.DATABASE_URL;
  if (url && /^postgres(ql)?:\/\//.test(url)) return url;
  console.error(
    `Invalid setting DATABASE_URL: ${script} needs the postgres:// URL of the server (the embedded PGlite topology is backed up by copying DATA_DIR while the platform is stopped)`,
  );
  process.exit(2);
}
