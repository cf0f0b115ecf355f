import { createServiceWorker } from '@edu/platform/worker';
import { createApp, SERVICE_NAME } from './app.ts';

export default createServiceWorker({ service: SERVICE_NAME, createApp: (deps) => createApp(deps) });
