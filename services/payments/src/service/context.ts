import type { Logger, ServiceBinding } from '@edu/platform';
import type { Database } from '@edu/platform/db';
import type { EventOrigin } from '@edu/platform/events';
import type { PaymentProvider } from '../providers/provider.ts';

/** What the payment operations need; built per request from the app's deps. */
export interface PaymentsContext {
  db: Database;
  provider: PaymentProvider;
  courses: ServiceBinding;
  log: Logger;
  origin: EventOrigin;
}
