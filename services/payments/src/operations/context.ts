import type { Logger } from '@edu/platform';
import type { Database } from '@edu/platform/db';
import type { EventOrigin } from '@edu/platform/events';
import type { RequestVariables } from '@edu/platform/http';
import type { PaymentProvider } from '../adapters/payment-provider/port.ts';
import type { CoursesClient } from '../clients/courses.ts';

/** What the payment operations work with, built once by createApp. */
export interface PaymentsDeps {
  db: Database;
  provider: PaymentProvider;
  courses: CoursesClient;
}

/** The deps, for one request: its log, and its id as the correlation id of the events it causes. */
export interface OperationContext extends PaymentsDeps {
  log: Logger;
  origin: EventOrigin;
}

export function inRequest(
  deps: PaymentsDeps,
  c: { var: Pick<RequestVariables, 'requestId' | 'log'> },
): OperationContext {
  return { ...deps, log: c.var.log, origin: { correlationId: c.var.requestId, source: 'payments' } };
}
