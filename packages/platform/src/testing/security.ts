/**
 * The security cases every protected route shares, run by each service's test/security.test.ts:
 * no identity → 401; an identity the gateway did not sign → 401; a caller without the route's
 * role → 403; another user's object → 404 (or what the route says); and it works for its owner.
 * It also checks that the list covers every route the service documents as protected (401).
 */
import { describe, expect, test } from 'bun:test';
import type { Role } from '@edu/contracts';
import { type Identity, signIdentity } from '../http/identity.ts';
import { asCaller } from '../testing.ts';

/** A caller as the gateway would vouch for it. */
export interface TestCaller {
  sub: string;
  roles: Role[];
  kind?: Identity['kind'];
  scopes?: string[];
}

export interface ProtectedRoute {
  /** As the service's OpenAPI document names it: `POST /api/v1/courses/{id}/publish`. */
  operation: string;
  /** A request that succeeds for `owner`: the path with real ids, and the body if any. */
  request(): { path: string; body?: unknown };
  /** The caller whose request succeeds (defaults to the suite's owner). */
  owner?: () => TestCaller;
  /**
   * A caller who may not use the route at all (wrong role, a partner on a user route, a user
   * on a partner route), and the status they get: 403 unless said otherwise.
   */
  forbidden?: { caller: () => TestCaller; status?: 403 | 404 };
  /**
   * Another caller with the owner's roles: what they get for the owner's object (404: it is
   * not theirs to know of; 403). Omit where the route answers every caller about themselves.
   */
  otherUser?: 403 | 404;
  /** The success status (200 unless said otherwise). */
  status?: number;
}

interface Subject {
  app: { request(input: string, init?: RequestInit): Response | Promise<Response> };
}

async function send(
  subject: Subject,
  operation: string,
  request: { path: string; body?: unknown },
  headers: Record<string, string>,
) {
  const method = operation.split(' ')[0] ?? 'GET';
  return subject.app.request(request.path, {
    method,
    headers: { ...headers, ...(request.body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(request.body === undefined ? {} : { body: JSON.stringify(request.body) }),
  });
}

async function expectProblem(response: Response, status: number, operation: string) {
  expect({ operation, status: response.status }).toEqual({ operation, status });
  expect(response.headers.get('content-type')).toBe('application/problem+json');
}

/** Operations the service's own document marks as protected (they document a 401). */
async function documentedProtectedOperations(subject: Subject): Promise<string[]> {
  const response = await subject.app.request('/openapi.json');
  const document = (await response.json()) as {
    paths?: Record<string, Record<string, { responses?: Record<string, unknown> }>>;
  };
  const operations: string[] = [];
  for (const [path, methods] of Object.entries(document.paths ?? {})) {
    for (const [method, operation] of Object.entries(methods)) {
      if (operation.responses?.['401']) operations.push(`${method.toUpperCase()} ${path}`);
    }
  }
  return operations.sort();
}

/**
 * Runs the shared security cases for every protected route of a service. Call it at the top
 * level of a test file; `subject` and the routes' ids are read lazily, once the suite's
 * beforeAll has started the service and made the fixtures.
 *
 * @example
 * describeRouteSecurity({ service: 'courses', subject: () => subject, owner: () => instructor, routes: [...] });
 */
export function describeRouteSecurity(options: {
  service: string;
  subject: () => Subject;
  /** The caller for whom each route succeeds, unless a route names its own. */
  owner: () => TestCaller;
  routes: ProtectedRoute[];
  /** Documented-protected operations deliberately left out, each with the reason. */
  exempt?: Record<string, string>;
}) {
  const { routes } = options;
  const ownerOf = (route: ProtectedRoute) => (route.owner ?? options.owner)();

  describe(`${options.service}: security of every protected route`, () => {
    test('the list covers every operation the service documents as protected', async () => {
      const listed = [...routes.map((route) => route.operation), ...Object.keys(options.exempt ?? {})].sort();
      expect(listed).toEqual(await documentedProtectedOperations(options.subject()));
    });

    test('no identity is 401', async () => {
      for (const route of routes) {
        await expectProblem(
          await send(options.subject(), route.operation, route.request(), {}),
          401,
          route.operation,
        );
      }
    });

    test('an identity the gateway did not sign is 401', async () => {
      for (const route of routes) {
        const owner = ownerOf(route);
        const forged = await signIdentity(
          {
            kind: owner.kind ?? 'user',
            sub: owner.sub,
            roles: ['user', 'instructor', 'admin'],
            scopes: owner.scopes ?? [],
          },
          'not-the-internal-secret-0123456789abcdef',
        );
        await expectProblem(
          await send(options.subject(), route.operation, route.request(), forged),
          401,
          route.operation,
        );
      }
    });

    test('a caller without the route’s role or kind is refused', async () => {
      for (const route of routes) {
        if (!route.forbidden) continue;
        const headers = await asCaller(route.forbidden.caller());
        const response = await send(options.subject(), route.operation, route.request(), headers);
        await expectProblem(response, route.forbidden.status ?? 403, route.operation);
      }
    });

    test('another caller with the same roles cannot reach the owner’s object', async () => {
      for (const route of routes) {
        if (!route.otherUser) continue;
        const owner = ownerOf(route);
        const other = { ...owner, sub: `${owner.sub}-someone-else` };
        const response = await send(
          options.subject(),
          route.operation,
          route.request(),
          await asCaller(other),
        );
        await expectProblem(response, route.otherUser, route.operation);
      }
    });

    // Last: the refusals above must have changed nothing, so the owner's request still succeeds.
    test('each route works for its owner (so the refusals above mean something)', async () => {
      for (const route of routes) {
        const response = await send(
          options.subject(),
          route.operation,
          route.request(),
          await asCaller(ownerOf(route)),
        );
        expect({ operation: route.operation, status: response.status }).toEqual({
          operation: route.operation,
          status: route.status ?? 200,
        });
      }
    });
  });
}
