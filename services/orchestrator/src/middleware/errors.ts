import { PROBLEM_CONTENT_TYPE } from '@edu/contracts';
import { type AppEnv, buildProblem, handleError } from '@edu/platform/http';
import type { ErrorHandler } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { TOKEN_PATH } from '../domain/client-credentials.ts';
import { OAuthError } from '../domain/oauth-error.ts';

/** The problem+json response of `error`, with the OAuth `error` and `error_description` members. */
function oauthErrorResponse(error: OAuthError, instance: string): Response {
  const problem = buildProblem(error.code, error.message, {
    instance,
    ...(error.errors ? { errors: error.errors } : {}),
  });
  const body = { ...problem, error: error.oauthError, error_description: error.message };
  return new Response(JSON.stringify(body), {
    status: problem.status,
    headers: {
      'content-type': PROBLEM_CONTENT_TYPE,
      'cache-control': 'no-store',
      ...error.headers,
    },
  });
}

/** The token endpoint's errors also carry the OAuth `error` member; everything else as usual. */
export const handleGatewayError: ErrorHandler<AppEnv> = (error, c) => {
  if (error instanceof OAuthError) return oauthErrorResponse(error, c.req.path);
  // A body the token endpoint cannot even parse (malformed JSON) is invalid_request there too.
  if (error instanceof HTTPException && error.status === 400 && c.req.path === TOKEN_PATH) {
    return oauthErrorResponse(
      new OAuthError('invalid_request', error.message || 'Malformed body'),
      c.req.path,
    );
  }
  return handleError(error, c);
};
