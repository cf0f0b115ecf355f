import { defineServiceModule, migrationsFolderBeside } from '@edu/platform';
import { createApp } from './app.ts';
import { PaymentsSettings } from './settings.ts';

/** The payments service: purchases, subscriptions, refunds. Runners use this module and nothing else of the package. */
export const paymentsModule = defineServiceModule({
  name: 'payments',
  kind: 'service',
  settings: PaymentsSettings,
  migrations: { folder: migrationsFolderBeside(import.meta.url), schema: 'payments' },
  createApp: (deps) => createApp(deps),
});
