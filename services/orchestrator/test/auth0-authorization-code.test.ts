import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { createHash, randomBytes } from 'node:crypto';
import { loadConfig } from '@edu/platform';
import { AppError } from '@edu/platform/http';
import { createAuth0Provider } from '../src/adapters/identity/auth0.ts';
import type { AuthorizationCodeFlow } from '../src/adapters/identity/provider.ts';
import { auth0ConfigOf, IdentitySettings, requireCompleteAuth0 } from '../src/settings.ts';
import { type Auth0StandIn, auth0Env, startAuth0StandIn } from './support/auth0-stand-in.ts';

/**
 * The Auth0 adapter's Universal Login half (authorization code + PKCE) against the stand-in:
 * the authorize URL it builds, the code exchange with the client secret, and the ID token checks.
 */
let standIn: Auth0StandIn;
let flow: AuthorizationCodeFlow;

const CALLBACK = 'https://edu.example/auth/callback';
const email = 'grace@example.com';

beforeAll(async () => {
  standIn = await startAuth0StandIn();
  const config = auth0ConfigOf(
    loadConfig(IdentitySettings.superRefine(requireCompleteAuth0), auth0Env(standIn)),
  );
  if (!config) throw new Error('Auth0 should be configured');
  const provider = createAuth0Provider(config);
  if (!provider.authorizationCode) throw new Error('the Auth0 adapter should offer the code flow');
  flow = provider.authorizationCode;
  await provider.register({ email, password: 'cobol-compiler', name: 'Grace Hopper' });
  standIn.allowCallback(CALLBACK);
  standIn.approveAs(email);
}, 60_000);
afterAll(async () => {
  await standIn.stop();
});

const secret = () => randomBytes(32).toString('base64url');

/** One attempt as the site starts it: state, nonce, verifier; the code the login page sends back. */
async function signInAttempt() {
  const attempt = { state: secret(), nonce: secret(), verifier: secret() };
  const codeChallenge = createHash('sha256').update(attempt.verifier).digest('base64url');
  const authorize = flow.authorizeUrl({
    redirectUri: CALLBACK,
    state: attempt.state,
    nonce: attempt.nonce,
    codeChallenge,
  });
  const response = await fetch(authorize, { redirect: 'manual' });
  expect(response.status).toBe(302);
  const back = new URL(response.headers.get('location') ?? '');
  expect(`${back.origin}${back.pathname}`).toBe(CALLBACK);
  expect(back.searchParams.get('state')).toBe(attempt.state);
  return { ...attempt, authorize: new URL(authorize), code: back.searchParams.get('code') ?? '' };
}

async function refusal(promise: Promise<unknown>): Promise<AppError | null> {
  return promise.then(
    () => null,
    (error: unknown) => (error instanceof AppError ? error : null),
  );
}

describe('the authorization code flow with PKCE', () => {
  test("the authorize URL asks Auth0's login page for a code with a S256 challenge, for our API", async () => {
    const attempt = await signInAttempt();
    const params = Object.fromEntries(attempt.authorize.searchParams);
    expect(params).toMatchObject({
      response_type: 'code',
      client_id: standIn.clientId,
      redirect_uri: CALLBACK,
      scope: 'openid profile email offline_access',
      audience: standIn.audience,
      state: attempt.state,
      nonce: attempt.nonce,
      code_challenge_method: 'S256',
    });
    // The client secret never goes to the browser.
    expect(attempt.authorize.href).not.toContain(standIn.clientSecret);
  });

  test('a code is redeemed once, with the verifier and the client secret, for verified tokens', async () => {
    const attempt = await signInAttempt();
    const exchange = {
      code: attempt.code,
      codeVerifier: attempt.verifier,
      redirectUri: CALLBACK,
      nonce: attempt.nonce,
    };
    const { tokens, identity } = await flow.exchange(exchange);
    expect(identity).toEqual({ sub: expect.stringMatching(/^auth0\|/), email, name: 'Grace Hopper' });
    expect(tokens.refresh_token).toBeString();
    expect(standIn.requests.findLast((request) => request.path === '/oauth/token')?.body).toMatchObject({
      grant_type: 'authorization_code',
      client_id: standIn.clientId,
      client_secret: standIn.clientSecret,
      code: attempt.code,
      code_verifier: attempt.verifier,
      redirect_uri: CALLBACK,
    });
    expect((await refusal(flow.exchange(exchange)))?.code).toBe('unauthorized');
  });

  test('a wrong code verifier is refused (PKCE)', async () => {
    const attempt = await signInAttempt();
    const error = await refusal(
      flow.exchange({
        code: attempt.code,
        codeVerifier: secret(),
        redirectUri: CALLBACK,
        nonce: attempt.nonce,
      }),
    );
    expect(error?.code).toBe('unauthorized');
  });

  const now = () => Math.floor(Date.now() / 1000);
  test.each([
    ['another nonce', () => ({ nonce: secret() })],
    ['no nonce', () => ({ nonce: undefined })],
    ['another audience', () => ({ aud: 'some-other-client' })],
    ['another issuer', () => ({ iss: 'https://attacker.example/' })],
    ['an expiry in the past', () => ({ iat: now() - 7200, exp: now() - 3600 })],
  ])('an ID token with %s is refused', async (_name, claims) => {
    const attempt = await signInAttempt();
    standIn.overrideNextIdToken(claims());
    const error = await refusal(
      flow.exchange({
        code: attempt.code,
        codeVerifier: attempt.verifier,
        redirectUri: CALLBACK,
        nonce: attempt.nonce,
      }),
    );
    expect(error?.code).toBe('unauthorized');
  });
});
