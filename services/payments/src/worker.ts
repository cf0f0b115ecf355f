import { createServiceWorker } from '@edu/platform/worker';
import { paymentsModule } from './index.ts';

export default createServiceWorker(paymentsModule);
