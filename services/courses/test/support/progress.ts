import { EventEnvelopeSchema, parseEventData } from '@edu/contracts';
import { inProcessBinding, type ServiceBinding } from '@edu/platform';
import { queryRows } from '@edu/platform/db';
import { handleEventOnce } from '@edu/platform/events';
import { silentLogger, startModuleUnderTest } from '@edu/platform/testing';
import { progressModule } from '@edu/progress-service';
import { sql } from 'drizzle-orm';
import { startCourses } from '../support.ts';

/**
 * The courses service beside the REAL progress service (reached through its binding), and a
 * relay that carries every new event of the courses outbox to the progress consumer as the bus
 * would, each access event checked against the shared contract on the way.
 */
export async function startCoursesWithProgress(services: { users?: ServiceBinding } = {}) {
  const progress = await startModuleUnderTest(progressModule);
  const [progressConsumer] = progressModule.consumers?.(progress.deps) ?? [];
  if (!progressConsumer) throw new Error('the progress module consumes nothing');
  const courses = await startCourses({ services: { progress: inProcessBinding(progress.app), ...services } });
  const delivered = new Set<string>();
  return {
    courses,
    progress,
    async relayCoursesToProgress() {
      const rows = await queryRows<{ envelope: unknown }>(
        courses.database.db,
        sql`select envelope from courses.outbox order by seq`,
      );
      for (const row of rows) {
        const event = EventEnvelopeSchema.parse(row.envelope);
        if (delivered.has(event.id)) continue;
        delivered.add(event.id);
        if (event.type === 'COURSE_ACCESS_GRANTED' || event.type === 'COURSE_ACCESS_REVOKED') {
          parseEventData(event.type, event.data);
        }
        await handleEventOnce(progress.database.db, progressConsumer, event, silentLogger);
      }
    },
    async close() {
      await courses.close();
      await progress.close();
    },
  };
}
