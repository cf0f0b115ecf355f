import type { z } from 'zod';
import type { ServiceBinding } from '../bindings.ts';
import { REQUEST_ID_HEADER } from './app.ts';
import { AppError } from './errors.ts';
import { type Identity, serviceCaller, signIdentity } from './identity.ts';

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface ServiceCall {
  method?: Method;
  /** The path and query on the other service, e.g. `/internal/v1/users?email=…`. */
  path: string;
  body?: unknown;
  /** The request that caused this call: its id travels on, so logs follow the chain. */
  requestId: string;
  /**
   * The end user the call is made for, when the other service must answer as for them
   * (their own progress, say); by default the call is signed as the calling service.
   */
  onBehalfOf?: Omit<Identity, 'exp'>;
  /** Gives up after this many milliseconds: a service that hangs is one that cannot answer. */
  timeoutMs?: number;
}

export interface ServiceClient {
  /**
   * Calls the service and answers its Response, whatever its status (4xx are answers the
   * caller interprets). A binding that cannot answer, or answers 5xx, is an `unavailable`
   * (503) problem, the same everywhere.
   */
  fetch(call: ServiceCall): Promise<Response>;
  /** Reads a successful answer's JSON with `schema`; an answer of another shape is `unavailable` too. */
  read<Schema extends z.ZodType>(response: Response, schema: Schema): Promise<z.infer<Schema>>;
}

/**
 * The one way a service calls another: through its binding, signed with the internal secret
 * as the calling service (`kind: 'service'`), never as the gateway or a user unless it says so.
 *
 * @example
 * const users = createServiceClient({ from: 'courses', to: 'users', binding: deps.services.users, identitySecret });
 * const response = await users.fetch({ path: `/internal/v1/users?email=${encodeURIComponent(email)}`, requestId });
 * if (response.status === 404) return null;
 * return users.read(response, LearnerSchema);
 */
export function createServiceClient(options: {
  /** The calling service's name: its identity on the call. */
  from: string;
  /** The called service's name, for messages. */
  to: string;
  binding: ServiceBinding;
  identitySecret: string;
}): ServiceClient {
  const unavailable = () =>
    new AppError('unavailable', `The ${options.to} service is not answering; try again shortly`);
  return {
    async fetch(call) {
      const identity = call.onBehalfOf ?? serviceCaller(options.from);
      const headers = new Headers(await signIdentity(identity, options.identitySecret));
      headers.set(REQUEST_ID_HEADER, call.requestId);
      headers.set('accept', 'application/json');
      if (call.body !== undefined) headers.set('content-type', 'application/json');
      let response: Response;
      try {
        response = await options.binding.fetch(
          new Request(`http://${options.to}.internal${call.path}`, {
            method: call.method ?? 'GET',
            headers,
            ...(call.timeoutMs ? { signal: AbortSignal.timeout(call.timeoutMs) } : {}),
            ...(call.body !== undefined ? { body: JSON.stringify(call.body) } : {}),
          }),
        );
      } catch {
        throw unavailable();
      }
      if (response.status >= 500) {
        await response.body?.cancel();
        throw unavailable();
      }
      return response;
    },
    async read(response, schema) {
      const parsed = schema.safeParse(await response.json().catch(() => undefined));
      if (!response.ok || !parsed.success) throw unavailable();
      return parsed.data;
    },
  };
}
