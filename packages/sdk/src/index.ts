/**
 * The typed client of the platform's public API: openapi-fetch over the types openapi-typescript
 * generates from the served OpenAPI document (`npm run sdk:generate`). Paths, parameters, bodies
 * and responses are checked by the compiler; nothing is hand-written per route.
 */
import createFetchClient, { type Client } from 'openapi-fetch';
import type { paths } from './schema.ts';

export type { components, operations, paths } from './schema.ts';

export interface ClientOptions {
  /** Where the platform answers, e.g. `http://localhost:8787`. */
  baseUrl: string;
  /** An access token (a person's, or a partner's client credentials); sent as a Bearer token. */
  token?: string | (() => string | undefined);
  /** Another fetch (tests hand in the in-process platform's). */
  fetch?: (request: Request) => Promise<Response>;
}

export type EduClient = Client<paths>;

export function createClient(options: ClientOptions): EduClient {
  const client = createFetchClient<paths>({
    baseUrl: options.baseUrl,
    ...(options.fetch ? { fetch: options.fetch } : {}),
  });
  const { token: given } = options;
  const tokenOf = typeof given === 'function' ? given : () => given;
  client.use({
    onRequest({ request }) {
      const token = tokenOf();
      if (token) request.headers.set('authorization', `Bearer ${token}`);
      return request;
    },
  });
  return client;
}
