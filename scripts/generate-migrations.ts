/**
 * Regenerates every service's drizzle-kit migrations from its `src/db/schema.ts`, and the
 * orchestrator's (the embedded issuer's `identity` schema).
 * Usage: npm run db:generate [-- --name <migration-name>]
 */
import { SERVICE_NAMES } from '@edu/contracts';

const nameIndex = process.argv.indexOf('--name');
const name = nameIndex > 0 ? process.argv[nameIndex + 1] : undefined;

for (const service of [...SERVICE_NAMES, 'orchestrator']) {
  const cwd = new URL(`../services/${service}/`, import.meta.url).pathname;
  console.log(`→ ${service}: drizzle-kit generate`);
  const args = ['drizzle-kit', 'generate', ...(name ? ['--name', name] : [])];
  const child = Bun.spawnSync(['npx', '--no-install', ...args], {
    cwd,
    stdout: 'inherit',
    stderr: 'inherit',
  });
  if (child.exitCode !== 0) process.exit(child.exitCode ?? 1);
}
