/**
 * Regenerates every service's drizzle-kit migrations from its `src/db/schema.ts`, and the
 * orchestrator's (the embedded issuer's `identity` schema) and the event bus's (`packages/platform`,
 * schema `eventbus`).
 * Usage: npm run db:generate [-- --name <migration-name>]
 */
import { SERVICE_NAMES } from '@edu/contracts';

const nameIndex = process.argv.indexOf('--name');
const name = nameIndex > 0 ? process.argv[nameIndex + 1] : undefined;

const folders = [
  ...[...SERVICE_NAMES, 'orchestrator'].map((service) => `services/${service}`),
  'packages/platform',
];
for (const folder of folders) {
  const cwd = new URL(`../${folder}/`, import.meta.url).pathname;
  console.log(`→ ${folder}: drizzle-kit generate`);
  const args = ['drizzle-kit', 'generate', ...(name ? ['--name', name] : [])];
  const child = Bun.spawnSync(['npx', '--no-install', ...args], {
    cwd,
    stdout: 'inherit',
    stderr: 'inherit',
  });
  if (child.exitCode !== 0) process.exit(child.exitCode ?? 1);
}
