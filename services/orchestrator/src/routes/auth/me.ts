import { type AppEnv, AppError, BEARER_SECURITY, problemResponses } from '@edu/platform/http';
import { createRoute, type OpenAPIHono } from '@hono/zod-openapi';
import { authenticate } from '../../identity/authenticate.ts';
import { invalidToken } from '../../identity/verify.ts';
import type { AuthRouteDeps } from './deps.ts';
import { AccountSchema } from './schemas.ts';

const meRoute = createRoute({
  method: 'get',
  path: '/api/v1/auth/me',
  tags: ['Auth'],
  summary: 'The signed-in account',
  description: "Answered from the verified access token's claims (roles as of the token's issue).",
  security: BEARER_SECURITY,
  responses: {
    200: { description: 'The account', content: { 'application/json': { schema: AccountSchema } } },
    ...problemResponses('unauthorized', 'forbidden', 'not_found', 'bad_gateway'),
  },
});

export function registerMeRoute(app: OpenAPIHono<AppEnv>, deps: AuthRouteDeps) {
  app.openapi(meRoute, async (c) => {
    const caller = await authenticate(c.req.raw.headers, deps.identity.verifier);
    if (!caller) throw invalidToken();
    if (caller.kind !== 'user') throw new AppError('forbidden', 'Only user accounts have a profile');
    // The fast path: the token already says who this is (the embedded issuer always puts it there).
    if (caller.email !== undefined && caller.name !== undefined) {
      return c.json({ id: caller.sub, email: caller.email, name: caller.name, roles: caller.roles }, 200);
    }
    // Auth0 access tokens carry email and name only when an Action adds them; ask the profile.
    const profile = await deps.users.find(caller.sub, c.get('requestId'));
    if (!profile) throw new AppError('not_found', 'This account has no profile yet');
    return c.json({ id: profile.id, email: profile.email, name: profile.name, roles: caller.roles }, 200);
  });
}
