import { defineServiceModule, migrationsFolderBeside } from '@edu/platform';
import { createApp } from './app.ts';
import { createCoursesConsumer } from './events.ts';
import { seed } from './seed.ts';
import { CoursesSettings } from './settings.ts';

/** The courses service: catalog, lessons, entitlements. Runners use this module and nothing else of the package. */
export const coursesModule = defineServiceModule({
  name: 'courses',
  kind: 'service',
  settings: CoursesSettings,
  migrations: { folder: migrationsFolderBeside(import.meta.url), schema: 'courses' },
  createApp,
  consumers: () => [createCoursesConsumer()],
  seed,
});
