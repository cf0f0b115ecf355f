import { type FieldProblem, PROBLEM_CONTENT_TYPE } from '@edu/contracts';
import { AppError, buildProblem } from '@edu/platform/http';

/** The token endpoint's error codes (RFC 6749 §5.2) that this gateway answers. */
export type OAuthErrorCode =
  | 'invalid_request'
  | 'invalid_client'
  | 'unsupported_grant_type'
  | 'invalid_scope';

/**
 * An error of the token endpoint: a problem+json like every other error, which also carries
 * the OAuth `error` member, so standard OAuth client libraries understand it too.
 */
export class OAuthError extends AppError {
  readonly oauthError: OAuthErrorCode;

  constructor(
    oauthError: OAuthErrorCode,
    detail: string,
    options: { errors?: FieldProblem[]; headers?: Record<string, string> } = {},
  ) {
    super(oauthError === 'invalid_client' ? 'unauthorized' : 'bad_request', detail, options);
    this.oauthError = oauthError;
  }
}

/** RFC 6749 §5.2: a 401 invalid_client names the authentication scheme the client should use. */
export function invalidClient(): OAuthError {
  return new OAuthError('invalid_client', 'Client authentication failed', {
    headers: { 'WWW-Authenticate': 'Basic realm="api", charset="UTF-8"' },
  });
}

/** The problem+json response of `error`, with the OAuth `error` and `error_description` members. */
export function oauthErrorResponse(error: OAuthError, instance: string): Response {
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
