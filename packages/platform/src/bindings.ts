import { problemResponse } from './http/errors.ts';

/**
 * How one service reaches another: a Workers service binding, an in-process app
 * (embedded topology) or an HTTP client (self-hosted) all look like this.
 */
export interface ServiceBinding {
  fetch(request: Request): Promise<Response>;
}

/** An in-process binding: the request goes straight to the app's `fetch`, no socket. */
export function inProcessBinding(app: {
  fetch(request: Request): Response | Promise<Response>;
}): ServiceBinding {
  return { fetch: async (request) => app.fetch(request) };
}

/** A binding for a service that is not wired here: every call is a 503 problem. */
export function unavailableBinding(service: string): ServiceBinding {
  return {
    fetch: async () => problemResponse('unavailable', `The ${service} service is not available here`),
  };
}

/** A binding over HTTP to a service at `baseUrl` (self-hosted topology). */
export function httpBinding(baseUrl: string): ServiceBinding {
  const base = new URL(baseUrl);
  return {
    fetch: (request) => {
      const url = new URL(request.url);
      url.protocol = base.protocol;
      url.host = base.host;
      return fetch(new Request(url, request));
    },
  };
}
