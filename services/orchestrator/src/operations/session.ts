import type { GatewayOperationsDeps } from './deps.ts';

/** New tokens for a refresh token, which is spent (rotation; a spent one ends its sign-in). */
export function refreshSession(deps: GatewayOperationsDeps, refreshToken: string) {
  return deps.identity.refresh(refreshToken);
}

/** Revokes the refresh token's sign-in when given; answers where to send the browser. */
export function signOut(deps: GatewayOperationsDeps, refreshToken: string | undefined, returnTo: string) {
  return deps.identity.logout(refreshToken, returnTo);
}
