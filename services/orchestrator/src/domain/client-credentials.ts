import { WITHOUT_NUL } from '@edu/contracts';
import { z } from 'zod';
import { invalidClient, OAuthError } from './oauth-error.ts';

/** The token endpoint: its errors carry the OAuth `error` member as well (RFC 6749 §5.2). */
export const TOKEN_PATH = '/api/v1/auth/token';

/** A client credentials grant request, after the client's credentials were read (RFC 6749 §4.4). */
export interface ClientCredentialsRequest {
  clientId: string;
  clientSecret: string;
  /** The `scope` parameter as sent (space-separated), or undefined for all of the client's scopes. */
  scope: string | undefined;
}

/** The token response of the client credentials grant (RFC 6749 §4.4.3; no refresh token). */
export interface ClientTokenResponse {
  access_token: string;
  token_type: 'Bearer';
  expires_in: number;
  scope: string;
}

/** The token request's parameters, as the route validated them. */
interface TokenRequestParameters {
  grant_type?: string | undefined;
  client_id?: string | undefined;
  client_secret?: string | undefined;
  scope?: string | undefined;
}

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

/** The grant's parameters and the client's credentials, from one of the two methods. */
export function clientCredentialsOf(
  body: TokenRequestParameters,
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
