import { WITHOUT_NUL } from '@edu/contracts';
import { jsonContent, ProblemComponent, problemResponses, type ServiceApp } from '@edu/platform/http';
import { createRoute, z } from '@hono/zod-openapi';
import { clientCredentialsOf, TOKEN_PATH } from '../../domain/client-credentials.ts';
import { OAuthError } from '../../domain/oauth-error.ts';
import { SCOPE_PARAMETER } from '../../domain/partner-clients.ts';
import type { GatewayOperationsDeps } from '../../operations/deps.ts';
import { issueClientToken } from '../../operations/issue-client-token.ts';
import { NO_STORE, requestContext } from './schemas.ts';

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

/** HTTP Basic, or none: client_secret_post puts the credentials in the body instead. */
const TOKEN_SECURITY: Array<Record<string, string[]>> = [{ clientSecretBasic: [] }, {}];

const route = createRoute({
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
    200: jsonContent(ClientTokenSchema, 'The access token (never cached: Cache-Control no-store)'),
    400: oauthProblem('invalid_request, unsupported_grant_type or invalid_scope'),
    401: {
      ...oauthProblem('invalid_client: unknown client, wrong secret or revoked client'),
      headers: { 'WWW-Authenticate': { schema: { type: 'string' }, example: 'Basic realm="api"' } },
    },
    ...problemResponses('unsupported_media_type', 'rate_limited', [
      'bad_gateway',
      'The identity provider could not be reached',
    ]),
  },
});

export function registerTokenAuth(app: ServiceApp, deps: GatewayOperationsDeps) {
  app.openapi(
    route,
    async (c) => {
      const isForm = /^application\/x-www-form-urlencoded/i.test(c.req.header('content-type') ?? '');
      const body = isForm ? c.req.valid('form') : c.req.valid('json');
      const request = clientCredentialsOf(body, c.req.header('authorization'));
      return c.json(await issueClientToken(deps, request, requestContext(c)), 200, NO_STORE);
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
