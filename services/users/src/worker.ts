import { createServiceWorker } from '@edu/platform/worker';
import { usersModule } from './index.ts';

export default createServiceWorker(usersModule);
