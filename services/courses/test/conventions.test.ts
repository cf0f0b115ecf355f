import { describeServiceConventions } from '@edu/platform/testing';
import { createApp } from '../src/app.ts';
import { CoursesSettings } from '../src/settings.ts';

describeServiceConventions({
  service: 'courses',
  migrationsFolder: new URL('../migrations', import.meta.url).pathname,
  createApp: (deps) => createApp({ ...deps, settings: CoursesSettings.parse({}) }),
});
