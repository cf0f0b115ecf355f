import { coursesModule } from '@edu/courses-service';
import { notificationsModule } from '@edu/notifications-service';
import { orchestratorModule } from '@edu/orchestrator';
import { paymentsModule } from '@edu/payments-service';
import type { ServiceModule } from '@edu/platform';
import { progressModule } from '@edu/progress-service';
import { usersModule } from '@edu/users-service';

/**
 * Every module of the platform: the gateway and the services behind it. The one list the
 * runners share; they know nothing else of any service (adding one is a line here).
 * Order matters only for seeding: users' profiles before the gateway's credentials for them.
 */
export const MODULES: ServiceModule[] = [
  usersModule,
  coursesModule,
  paymentsModule,
  notificationsModule,
  progressModule,
  orchestratorModule,
];
