import { loadModuleSettings } from '@edu/platform';
import { describeServiceConventions } from '@edu/platform/testing';
import { createNotificationsRuntime } from '../src/adapters/runtime.ts';
import { createApp } from '../src/app.ts';
import { notificationsModule } from '../src/index.ts';

describeServiceConventions({
  service: notificationsModule.name,
  migrationsFolder: notificationsModule.migrations.folder,
  createApp: (deps) => {
    const moduleDeps = { ...deps, settings: loadModuleSettings(notificationsModule, {}) };
    return createApp(moduleDeps, createNotificationsRuntime(moduleDeps));
  },
});
