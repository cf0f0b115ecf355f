import { defineServiceModule, migrationsFolderBeside } from '@edu/platform';
import { createApp } from './app.ts';
import { entitlementsConsumer } from './events/consume.ts';
import { createCoursesDeps } from './operations/deps.ts';
import { seedDemoCatalog } from './operations/seed-demo-catalog.ts';
import { CoursesSettings } from './settings.ts';

/** The courses service: catalog, lessons, entitlements. Runners use this module and nothing else of the package. */
export const coursesModule = defineServiceModule({
  name: 'courses',
  kind: 'service',
  settings: CoursesSettings,
  migrations: { folder: migrationsFolderBeside(import.meta.url), schema: 'courses' },
  createApp,
  consumers: () => [entitlementsConsumer],
  seed: (deps) => seedDemoCatalog(createCoursesDeps(deps)),
});
