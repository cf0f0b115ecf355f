import type { ServiceName } from '@edu/contracts';
import { createApp as createCoursesApp } from '@edu/courses-service';
import { createCoursesConsumer } from '@edu/courses-service/events';
import { MIGRATIONS_FOLDER as COURSES_MIGRATIONS } from '@edu/courses-service/migrations';
import { seed as seedCourses } from '@edu/courses-service/seed';
import {
  createApp as createNotificationsApp,
  notificationsConsumer,
  webhooksConsumer,
} from '@edu/notifications-service';
import { MIGRATIONS_FOLDER as NOTIFICATIONS_MIGRATIONS } from '@edu/notifications-service/migrations';
import { createApp as createPaymentsApp } from '@edu/payments-service';
import { MIGRATIONS_FOLDER as PAYMENTS_MIGRATIONS } from '@edu/payments-service/migrations';
import type { ServiceDeps } from '@edu/platform';
import type { ServiceConsumer } from '@edu/platform/events';
import { createApp as createProgressApp, progressSettingsFromEnv } from '@edu/progress-service';
import { createProgressConsumer } from '@edu/progress-service/events';
import { MIGRATIONS_FOLDER as PROGRESS_MIGRATIONS } from '@edu/progress-service/migrations';
import { createApp as createUsersApp } from '@edu/users-service';
import { MIGRATIONS_FOLDER as USERS_MIGRATIONS } from '@edu/users-service/migrations';
import { seedDemoProfiles } from '@edu/users-service/seed';

interface FetchableApp {
  fetch(request: Request): Response | Promise<Response>;
}

/** A service's dependencies plus what the embedded runner knows of itself that defaults may follow. */
export interface EmbeddedServiceDeps extends ServiceDeps {
  /** The origin the platform serves on (`http://localhost:<PORT>`). */
  origin: string;
}

export interface ServiceModule {
  createApp(deps: EmbeddedServiceDeps): FetchableApp;
  migrationsFolder: string;
  /** Loads the service's part of the demo data; must be idempotent. */
  seed?: (deps: ServiceDeps) => Promise<void>;
  /** What the service consumes from the event bus; the runner starts one consumer per entry. */
  consumers?: (deps: ServiceDeps) => ServiceConsumer[];
}

/** The composition root's list of services: the only place that knows them all. */
export const SERVICE_MODULES: Record<ServiceName, ServiceModule> = {
  users: { createApp: createUsersApp, migrationsFolder: USERS_MIGRATIONS, seed: seedDemoProfiles },
  courses: {
    createApp: createCoursesApp,
    migrationsFolder: COURSES_MIGRATIONS,
    seed: seedCourses,
    consumers: () => [createCoursesConsumer()],
  },
  payments: { createApp: createPaymentsApp, migrationsFolder: PAYMENTS_MIGRATIONS },
  notifications: {
    createApp: createNotificationsApp,
    migrationsFolder: NOTIFICATIONS_MIGRATIONS,
    consumers: () => [notificationsConsumer, webhooksConsumer],
  },
  progress: {
    // Certificates' `iss` defaults to the origin the platform really serves on.
    createApp: ({ origin, ...deps }) =>
      createProgressApp(deps, progressSettingsFromEnv({ PUBLIC_URL: origin })),
    migrationsFolder: PROGRESS_MIGRATIONS,
    consumers: () => [createProgressConsumer()],
  },
};
