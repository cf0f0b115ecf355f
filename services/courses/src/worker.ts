import { createServiceWorker } from '@edu/platform/worker';
import { coursesModule } from './index.ts';

export default createServiceWorker(coursesModule);
