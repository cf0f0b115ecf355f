import { createServiceWorker } from '@edu/platform/worker';
import { orchestratorModule } from './index.ts';

export default createServiceWorker(orchestratorModule);
