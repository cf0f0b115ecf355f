/**
 * Operators' view of the events consumers gave up on (`eventbus.dead_letters`).
 *   npm run events:dead-letters -- list [--group <group>] [--status dead|replay|replaying|replayed]
 *   npm run events:dead-letters -- replay <id> [<id>...]
 *   npm run events:dead-letters -- replay --all
 * A replay is handled by the group's running consumers (within a second or so); the inbox
 * keeps it from doing anything twice. Uses DATABASE_URL, or the embedded PGlite under
 * DATA_DIR (stop `npm start` first: PGlite allows one process at a time).
 */
import { loadConfig } from '@edu/platform';
import {
  DEAD_LETTER_STATUSES,
  type DeadLetterStatus,
  listDeadLetters,
  requestReplay,
} from '@edu/platform/events';
import { EVENTBUS_MIGRATION_TARGET } from '@edu/platform/events/migrations';
import { EmbeddedSettings, openDatabase } from './lib/platform.ts';

const [action = 'list', ...rest] = process.argv.slice(2);
const option = (name: string) => {
  const index = rest.indexOf(name);
  return index >= 0 ? rest[index + 1] : undefined;
};
const isStatus = (value: string | undefined): value is DeadLetterStatus =>
  DEAD_LETTER_STATUSES.some((status) => status === value);

const config = loadConfig(EmbeddedSettings, process.env);
const database = await openDatabase(config);
try {
  await database.migrate(EVENTBUS_MIGRATION_TARGET);
  if (action === 'list') {
    const status = option('--status');
    if (status !== undefined && !isStatus(status))
      throw new Error(`--status must be one of ${DEAD_LETTER_STATUSES.join(', ')}`);
    const letters = await listDeadLetters(database.db, { group: option('--group'), status });
    for (const letter of letters) {
      console.log(
        [
          letter.id,
          letter.status,
          letter.groupId,
          letter.topic,
          letter.eventId,
          `attempts=${letter.attempts}`,
          letter.failedAt.toISOString(),
          JSON.stringify(letter.error),
        ].join('\t'),
      );
    }
    console.error(`[dead-letters] ${letters.length} dead letter(s)`);
  } else if (action === 'replay') {
    const ids = rest.filter((arg) => /^\d+$/.test(arg)).map(Number);
    if (!rest.includes('--all') && ids.length === 0) throw new Error('replay needs dead letter ids or --all');
    const queued = await requestReplay(database.db, rest.includes('--all') ? { all: true } : { ids });
    console.error(`[dead-letters] queued ${queued} dead letter(s) for replay by their consumer groups`);
  } else {
    throw new Error(`unknown action '${action}' (use list or replay)`);
  }
} catch (error) {
  console.error(`[dead-letters] ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
} finally {
  await database.close();
}
