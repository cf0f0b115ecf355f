import { createServiceWorker } from '@edu/platform/worker';
import { notificationsModule } from './index.ts';

export default createServiceWorker(notificationsModule);
