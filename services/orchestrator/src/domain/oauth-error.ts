import type { FieldProblem } from '@edu/contracts';
import { AppError } from '@edu/platform/http';

/** The token endpoint's error codes (RFC 6749 §5.2) that this gateway answers. */
type OAuthErrorCode = 'invalid_request' | 'invalid_client' | 'unsupported_grant_type' | 'invalid_scope';

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
