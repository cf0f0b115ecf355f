import { defineServiceModule, migrationsFolderBeside } from '@edu/platform';
import { createModuleApp, seedDemoIdentities } from './app.ts';
import { GatewaySettings } from './settings.ts';

/** The api-orchestrator: the gateway in front of every service. Runners use this module and nothing else of the package. */
export const orchestratorModule = defineServiceModule({
  name: 'orchestrator',
  kind: 'gateway',
  settings: GatewaySettings,
  // Its tables are the embedded issuer's: schema and journal `identity`.
  migrations: { folder: migrationsFolderBeside(import.meta.url), schema: 'identity' },
  createApp: createModuleApp,
  seed: seedDemoIdentities,
});
