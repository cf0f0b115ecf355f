import { defineServiceModule, migrationsFolderBeside } from '@edu/platform';
import { createApp } from './app.ts';
import { projectionsConsumer } from './events/consume.ts';
import { ProgressSettingsSchema } from './settings.ts';

/** The progress service: lesson progress, completion, certificates. Runners use this module and nothing else of the package. */
export const progressModule = defineServiceModule({
  name: 'progress',
  kind: 'service',
  settings: ProgressSettingsSchema,
  migrations: { folder: migrationsFolderBeside(import.meta.url), schema: 'progress' },
  createApp,
  consumers: () => [projectionsConsumer],
});
