/**
 * The site's server process (spawned by ./site.ts): Astro's standalone entry, plus a guard that
 * ends it when the platform process is gone, even if that one was killed without a chance to
 * stop it (SIGKILL, a crash) — an orphan would keep the port and its inherited pipes open.
 */
const parent = Number(process.env.SITE_PARENT_PID);
if (parent > 0) {
  setInterval(() => {
    try {
      process.kill(parent, 0);
    } catch {
      process.exit(0);
    }
  }, 500).unref();
}
const entry = process.env.SITE_ENTRY;
if (!entry) throw new Error('SITE_ENTRY is not set');
await import(entry);
