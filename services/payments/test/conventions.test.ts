import { describeServiceConventions } from '@edu/platform/testing';
import { createApp } from '../src/app.ts';
import { paymentsModule } from '../src/index.ts';
import { PaymentsSettings } from '../src/settings.ts';

describeServiceConventions({
  service: paymentsModule.name,
  migrationsFolder: paymentsModule.migrations.folder,
  // No settings: the embedded provider, as in the embedded topology the conventions run in.
  createApp: (deps) => createApp({ ...deps, settings: PaymentsSettings.parse({}) }),
});
