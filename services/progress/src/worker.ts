import { createServiceWorker } from '@edu/platform/worker';
import { progressModule } from './index.ts';

export default createServiceWorker(progressModule);
