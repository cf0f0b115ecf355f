import { WITHOUT_NUL } from '@edu/contracts';
import { type AppEnv, ProblemComponent, problemResponses } from '@edu/platform/http';
import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import { SCOPE_PARAMETER } from '../../domain/partner-clients.ts';
import { CLIENT_AUTH_FAILURES_PER_CLIENT, CLIENT_AUTH_FAILURES_PER_IP } from '../../domain/rate-limits.ts';
import { clientIpOf } from '../../identity/client-ip.ts';
import { invalidClient, OAuthError } from '../../identity/oauth-error.ts';
import type { ClientCredentialsRequest } from '../../identity/partner-clients.ts';
import { clientIdSubject, ipSubject } from '../../identity/throttle.ts';
import type { AuthRouteDeps } from './deps.ts';
import { NO_STORE } from './schemas.ts';

const TokenRequestSchema = z
  .object({
    grant_type: z.string().max(100).optional().openapi({
      description: 'Must be `client_credentials` (RFC 6749 §4.4).',
      example: 'client_credentials',
    }),
    client_id: z
      .string()
      .min(1)
      .max(255)
      .regex(WITHOUT_NUL, 'must not contain NUL characters')
      .optional()
      .openapi({
        description: 'With client_secret_post; omit when using HTTP Basic.',
        example: 'demo-partner',
      }),
    client_secret: z.string().min(1).max(1024).optional().openapi({
      description: 'With client_secret_post; omit when using HTTP Basic.',
      example: 'demo-partner-secret',
    }),
    scope: z
      .string()
      .max(1000)
      .regex(SCOPE_PARAMETER, 'must be scope names separated by single spaces')
      .optional()
      .openapi({
        description: "Space-separated subset of the client's scopes; all of them when omitted.",
        example: 'progress:read enrollments:write',
      }),
  })
  .openapi('ClientCredentialsTokenRequest');

const ClientTokenSchema = z
  .object({
    access_token: z.string(),
    token_type: z.literal('Bearer'),
    expires_in: z.number().int(),
    scope: z.string(),
  })
  .openapi('ClientCredentialsTokenResponse', {
    example: { access_token: 'eyJhbGciOi…', token_type: 'Bearer', expires_in: 900, scope: 'progress:read' },
  });

/** A problem+json that also carries the OAuth error members (RFC 6749 §5.2). */
const OAuthProblemSchema = ProblemComponent.extend({
  error: z.enum(['invalid_request', 'invalid_client', 'unsupported_grant_type', 'invalid_scope']),
  error_description: z.string(),
}).openapi('OAuthProblem', {
  example: {
    type: '/docs/problems#unauthorized',
    title: 'Unauthorized',
    status: 401,
    detail: 'Client authentication failed',
    instance: '/api/v1/auth/token',
    error: 'invalid_client',
    error_description: 'Client authentication failed',
  },
});
const oauthProblem = (description: string) => ({
  description,
  content: { 'application/problem+json': { schema: OAuthProblemSchema } },
});

export const TOKEN_PATH = '/api/v1/auth/token';

/** HTTP Basic, or none: client_secret_post puts the credentials in the body instead. */
const TOKEN_SECURITY: Array<Record<string, string[]>> = [{ clientSecretBasic: [] }, {}];

const tokenRoute = createRoute({
  method: 'post',
  path: TOKEN_PATH,
  tags: ['Auth'],
  summary: 'Get an access token for a partner API client (client credentials grant)',
  description:
    'OAuth 2.0 client credentials grant (RFC 6749 §4.4) for partner API clients. The client ' +
    'authenticates with HTTP Basic (`client_secret_basic`, preferred) or with `client_id` and ' +
    '`client_secret` in the body (`client_secret_post`), never both. The body is form-encoded ' +
    '(the standard) or JSON. The token is a JWT with `sub` `<client_id>@clients` and the granted ' +
    '`scope`; there is no refresh token, ask again when it expires. Errors are problem+json with ' +
    'the OAuth `error` member as well. Repeated failed authentications for one client or from one ' +
    'address are answered 429 with Retry-After. With Auth0, partner clients are Auth0 ' +
    'machine-to-machine applications and this endpoint asks Auth0 for the token.',
  security: TOKEN_SECURITY,
  request: {
    body: {
      // Optional only so that either media type is accepted; missing fields are invalid_request.
      required: false,
      content: {
        'application/x-www-form-urlencoded': { schema: TokenRequestSchema },
        'application/json': { schema: TokenRequestSchema },
      },
    },
  },
  responses: {
    200: {
      description: 'The access token (never cached: Cache-Control no-store)',
      content: { 'application/json': { schema: ClientTokenSchema } },
    },
    400: oauthProblem('invalid_request, unsupported_grant_type or invalid_scope'),
    401: {
      ...oauthProblem('invalid_client: unknown client, wrong secret or revoked client'),
      headers: { 'WWW-Authenticate': { schema: { type: 'string' }, example: 'Basic realm="api"' } },
    },
    ...problemResponses('unsupported_media_type', 'rate_limited', 'bad_gateway'),
  },
});

const BasicCredentialsSchema = z.object({
  // The id is looked up in PostgreSQL, whose text cannot hold NUL.
  id: z.string().min(1).max(255).regex(WITHOUT_NUL),
  secret: z.string().min(1).max(1024),
});

/**
 * client_secret_basic (RFC 6749 §2.3.1): both halves are form-urlencoded before base64.
 * Null without an Authorization header; invalid_client when it is not well-formed Basic.
 */
function basicCredentials(header: string | undefined): { id: string; secret: string } | null {
  if (header === undefined) return null;
  const match = /^Basic[ ]+([A-Za-z0-9+/]+=*)$/i.exec(header.trim());
  if (!match?.[1]) throw invalidClient();
  try {
    const decoded = atob(match[1]);
    const colon = decoded.indexOf(':');
    if (colon < 0) throw invalidClient();
    const formDecode = (part: string) => decodeURIComponent(part.replaceAll('+', ' '));
    const parsed = BasicCredentialsSchema.safeParse({
      id: formDecode(decoded.slice(0, colon)),
      secret: formDecode(decoded.slice(colon + 1)),
    });
    if (!parsed.success) throw invalidClient();
    return parsed.data;
  } catch {
    throw invalidClient();
  }
}

type TokenRequest = z.infer<typeof TokenRequestSchema>;

/** The grant's parameters and the client's credentials, from one of the two methods. */
function clientCredentialsOf(
  body: TokenRequest,
  authorization: string | undefined,
): ClientCredentialsRequest {
  if (!body.grant_type) throw new OAuthError('invalid_request', 'grant_type is required');
  if (body.grant_type !== 'client_credentials') {
    throw new OAuthError('unsupported_grant_type', 'Only the client_credentials grant is supported here');
  }
  const basic = basicCredentials(authorization);
  const inBody = body.client_id !== undefined || body.client_secret !== undefined;
  if (basic && inBody) {
    throw new OAuthError('invalid_request', 'Authenticate with HTTP Basic or with body parameters, not both');
  }
  if (basic) return { clientId: basic.id, clientSecret: basic.secret, scope: body.scope };
  if (!body.client_id || !body.client_secret) throw invalidClient();
  return { clientId: body.client_id, clientSecret: body.client_secret, scope: body.scope };
}

export function registerTokenRoute(app: OpenAPIHono<AppEnv>, deps: AuthRouteDeps) {
  app.openapi(
    tokenRoute,
    async (c) => {
      const isForm = /^application\/x-www-form-urlencoded/i.test(c.req.header('content-type') ?? '');
      const body = isForm ? c.req.valid('form') : c.req.valid('json');
      const request = clientCredentialsOf(body, c.req.header('authorization'));
      const clientIp = clientIpOf(c.env);
      const client = await clientIdSubject(request.clientId);
      await deps.throttle.check(CLIENT_AUTH_FAILURES_PER_IP, ipSubject(clientIp));
      await deps.throttle.check(CLIENT_AUTH_FAILURES_PER_CLIENT, client);
      try {
        const token = await deps.identity.issueClientToken(request);
        return c.json(token, 200, NO_STORE);
      } catch (error) {
        if (error instanceof OAuthError && error.oauthError === 'invalid_client') {
          c.get('log').warn('client authentication failed', { clientId: request.clientId, clientIp });
          await deps.throttle.fail(CLIENT_AUTH_FAILURES_PER_CLIENT, client);
          await deps.throttle.fail(CLIENT_AUTH_FAILURES_PER_IP, ipSubject(clientIp));
        }
        throw error;
      }
    },
    // Body validation failures are the OAuth `invalid_request`, with the field problems listed.
    (result) => {
      if (result.success) return;
      const errors = result.error.issues.map((issue) => ({
        path: issue.path.map(String).join('.') || result.target,
        message: issue.message,
      }));
      throw new OAuthError('invalid_request', 'The token request is invalid', { errors });
    },
  );
}
