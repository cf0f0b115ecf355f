import { describeServiceConventions } from '@edu/platform/testing';
import { createApp } from '../src/app.ts';
import { usersModule } from '../src/index.ts';

describeServiceConventions({
  service: usersModule.name,
  migrationsFolder: usersModule.migrations.folder,
  createApp,
});
