import { loadModuleSettings } from '@edu/platform';
import { describeServiceConventions } from '@edu/platform/testing';
import { createApp } from '../src/app.ts';
import { progressModule } from '../src/index.ts';

describeServiceConventions({
  service: progressModule.name,
  migrationsFolder: progressModule.migrations.folder,
  createApp: (deps) => createApp({ ...deps, settings: loadModuleSettings(progressModule, {}) }),
});
