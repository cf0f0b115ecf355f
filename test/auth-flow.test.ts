import { afterAll, beforeAll, describe, expect, setDefaultTimeout, test } from 'bun:test';
import { DEMO_ACCOUNTS } from '@edu/contracts';
import { createLogger } from '@edu/platform';
import { queryRows } from '@edu/platform/db';
import { openTestDatabase } from '@edu/platform/testing';
import { sql } from 'drizzle-orm';
import { createPlatform, type Platform } from '../scripts/lib/platform.ts';
import { gatewayRequest, STARTUP_TIMEOUT_MS } from './support.ts';

// Real scrypt hashing (~0.25 s each, more on a busy machine): bun's 5 s default is too tight.
setDefaultTimeout(30_000);

/** Failed logins from one address per 15 minutes (LOGIN_LIMIT_PER_ADDRESS), set here as by an operator. */
const LOGIN_LIMIT_PER_ADDRESS = 300;

/** Every log line of the platform, to prove no password ever reaches one. */
const logLines: string[] = [];
let platform: Platform;

beforeAll(async () => {
  platform = await createPlatform({
    env: { LOG_LEVEL: 'debug', LOGIN_LIMIT_PER_ADDRESS: String(LOGIN_LIMIT_PER_ADDRESS) },
    database: await openTestDatabase(),
    logger: createLogger({ level: 'debug', sink: (line) => logLines.push(line) }),
  });
  await platform.seed();
}, STARTUP_TIMEOUT_MS);
afterAll(async () => {
  await platform.close();
});

const json = (body: unknown, headers: Record<string, string> = {}): RequestInit => ({
  method: 'POST',
  headers: { 'content-type': 'application/json', ...headers },
  body: JSON.stringify(body),
});
const bearer = (token: string) => ({ headers: { authorization: `Bearer ${token}` } });

interface Tokens {
  access_token: string;
  refresh_token: string;
  id_token: string;
  expires_in: number;
  token_type: string;
}

async function login(username: string, password: string): Promise<Tokens> {
  const response = await gatewayRequest(platform, '/api/v1/auth/login', json({ username, password }));
  expect(response.status).toBe(200);
  return (await response.json()) as Tokens;
}

const PASSWORD = 'correct horse battery staple';

describe('register → login → me → refresh → logout (embedded issuer)', () => {
  test('the whole flow', async () => {
    const registered = await gatewayRequest(
      platform,
      '/api/v1/auth/register',
      json({ email: 'Grace@Example.com', password: PASSWORD, name: 'Grace Hopper' }),
    );
    expect(registered.status).toBe(201);
    const account = (await registered.json()) as { id: string; email: string; name: string; roles: string[] };
    expect(account).toEqual({
      id: expect.any(String),
      email: 'Grace@Example.com',
      name: 'Grace Hopper',
      roles: ['user'],
    });

    // Emails match whatever their case.
    const tokens = await login('grace@example.com', PASSWORD);
    expect(tokens).toMatchObject({ token_type: 'Bearer', expires_in: 900 });
    expect(tokens.refresh_token).toBeString();
    expect(tokens.id_token).toBeString();

    const me = await gatewayRequest(platform, '/api/v1/auth/me', bearer(tokens.access_token));
    expect(me.status).toBe(200);
    expect(await me.json()).toEqual(account);

    const profile = await gatewayRequest(platform, '/api/v1/users/me', bearer(tokens.access_token));
    expect(profile.status).toBe(200);
    expect(await profile.json()).toMatchObject({
      id: account.id,
      email: 'Grace@Example.com',
      roles: ['user'],
    });

    const refreshed = await gatewayRequest(
      platform,
      '/api/v1/auth/refresh',
      json({ refresh_token: tokens.refresh_token }),
    );
    expect(refreshed.status).toBe(200);
    expect(refreshed.headers.get('cache-control')).toBe('no-store');
    const next = (await refreshed.json()) as Tokens;
    expect(next.refresh_token).not.toBe(tokens.refresh_token);
    expect((await gatewayRequest(platform, '/api/v1/auth/me', bearer(next.access_token))).status).toBe(200);

    const logout = await gatewayRequest(
      platform,
      '/api/v1/auth/logout',
      json({ refresh_token: next.refresh_token }),
    );
    expect(logout.status).toBe(302);
    expect(new URL(logout.headers.get('location') ?? '', 'http://x').pathname).toBe('/');
    // The logged-out session cannot be refreshed any more.
    const afterLogout = await gatewayRequest(
      platform,
      '/api/v1/auth/refresh',
      json({ refresh_token: next.refresh_token }),
    );
    expect(afterLogout.status).toBe(401);
  });

  test('logout without a body still redirects', async () => {
    const response = await gatewayRequest(platform, '/api/v1/auth/logout', { method: 'POST' });
    expect(response.status).toBe(302);
  });

  test('there is no hosted login page: the code flow endpoints answer 409 (the site shows its form)', async () => {
    const query = new URLSearchParams({
      redirect_uri: 'http://localhost:8787/auth/callback',
      state: 'state-0123456789abcdef',
      nonce: 'nonce-0123456789abcdef',
      code_challenge: 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM',
      code_challenge_method: 'S256',
    });
    const authorize = await gatewayRequest(platform, `/api/v1/auth/authorize?${query}`);
    expect(authorize.status).toBe(409);
    expect(authorize.headers.get('content-type')).toStartWith('application/problem+json');
    const code = await gatewayRequest(
      platform,
      '/api/v1/auth/code',
      json({
        code: 'abc',
        code_verifier: 'dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk',
        redirect_uri: 'http://localhost:8787/auth/callback',
        nonce: 'nonce-0123456789abcdef',
      }),
    );
    expect(code.status).toBe(409);
  });

  test('a reused (rotated-out) refresh token is refused and revokes its whole family', async () => {
    const first = await login('learner@example.com', 'learner-password');
    const second = (await (
      await gatewayRequest(platform, '/api/v1/auth/refresh', json({ refresh_token: first.refresh_token }))
    ).json()) as Tokens;
    const reused = await gatewayRequest(
      platform,
      '/api/v1/auth/refresh',
      json({ refresh_token: first.refresh_token }),
    );
    expect(reused.status).toBe(401);
    expect(reused.headers.get('content-type')).toBe('application/problem+json');
    // The thief's copy is dead, and so is the legitimate newer token of the same family.
    const legit = await gatewayRequest(
      platform,
      '/api/v1/auth/refresh',
      json({ refresh_token: second.refresh_token }),
    );
    expect(legit.status).toBe(401);
    // Another sign-in of the same user is not affected.
    const other = await login('learner@example.com', 'learner-password');
    const fine = await gatewayRequest(
      platform,
      '/api/v1/auth/refresh',
      json({ refresh_token: other.refresh_token }),
    );
    expect(fine.status).toBe(200);
  });

  test('an unknown refresh token is 401', async () => {
    const response = await gatewayRequest(platform, '/api/v1/auth/refresh', json({ refresh_token: 'nope' }));
    expect(response.status).toBe(401);
  });
});

describe('demo accounts', () => {
  test.each(DEMO_ACCOUNTS.map((account) => [account.email, account]))(
    '%s can sign in with its roles',
    async (_email, account) => {
      const tokens = await login(account.email, account.password);
      const me = (await (
        await gatewayRequest(platform, '/api/v1/auth/me', bearer(tokens.access_token))
      ).json()) as {
        id: string;
        roles: string[];
      };
      expect(me.id).toBe(account.id);
      expect(me.roles).toEqual(account.roles);
    },
  );

  test('seeding again changes nothing', async () => {
    await platform.seed();
    const rows = await queryRows<{ count: number }>(
      platform.database.db,
      sql`select count(*)::int as count from users.profiles where id like '01930000-0000-7000-8000-00000000a%'`,
    );
    expect(rows[0]?.count).toBe(DEMO_ACCOUNTS.length);
  });
});

describe('login never says whether an email exists', () => {
  test('unknown email and wrong password get the same answer', async () => {
    const unknown = await gatewayRequest(
      platform,
      '/api/v1/auth/login',
      json({ username: 'nobody@example.com', password: 'whatever-pw' }),
    );
    const wrong = await gatewayRequest(
      platform,
      '/api/v1/auth/login',
      json({ username: 'instructor@example.com', password: 'whatever-pw' }),
    );
    expect(unknown.status).toBe(401);
    expect(wrong.status).toBe(401);
    const [a, b] = [
      (await unknown.json()) as Record<string, unknown>,
      (await wrong.json()) as Record<string, unknown>,
    ];
    expect(a.detail).toBe(b.detail);
    expect(a.title).toBe(b.title);
  });

  test('an unknown email costs the same hash work as a known one', async () => {
    const time = async (username: string) => {
      const started = performance.now();
      await gatewayRequest(platform, '/api/v1/auth/login', json({ username, password: 'not-the-password' }));
      return performance.now() - started;
    };
    await time('warm-up@example.com');
    const known: number[] = [];
    const unknown: number[] = [];
    for (let round = 0; round < 3; round++) {
      known.push(await time('admin@example.com'));
      unknown.push(await time(`ghost${round}@example.com`));
    }
    const median = (values: number[]) => values.sort((x, y) => x - y)[1] ?? 0;
    // Both paths run one scrypt (~hundreds of ms); without the decoy the unknown one would take ~1 ms.
    expect(median(unknown)).toBeGreaterThan(median(known) * 0.5);
  }, 30_000);
});

describe('rate limits', () => {
  test('10 failures for one account in 15 minutes → 429 with Retry-After, even with the right password', async () => {
    const username = 'often-wrong@example.com';
    await gatewayRequest(
      platform,
      '/api/v1/auth/register',
      json({ email: username, password: PASSWORD, name: 'W' }),
    );
    for (let attempt = 0; attempt < 10; attempt++) {
      const response = await gatewayRequest(
        platform,
        '/api/v1/auth/login',
        json({ username, password: `wrong-${attempt}` }),
      );
      expect(response.status).toBe(401);
    }
    const blocked = await gatewayRequest(
      platform,
      '/api/v1/auth/login',
      json({ username, password: PASSWORD }),
    );
    expect(blocked.status).toBe(429);
    const retryAfter = Number(blocked.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(900);
    // Counted case-insensitively: another spelling of the same email is blocked too.
    const upper = await gatewayRequest(
      platform,
      '/api/v1/auth/login',
      json({ username: username.toUpperCase(), password: 'x' }),
    );
    expect(upper.status).toBe(429);
    // Other accounts are not affected.
    await login('learner@example.com', 'learner-password');
  }, 60_000);
});

test('failed logins from one address are limited across accounts (password spraying)', async () => {
  const fromIp = (username: string, password: string) =>
    platform.fetch(new Request('http://localhost:8787/api/v1/auth/login', json({ username, password })), {
      clientIp: '192.0.2.66',
    });
  const fromElsewhere = (username: string, password: string) =>
    platform.fetch(new Request('http://localhost:8787/api/v1/auth/login', json({ username, password })), {
      clientIp: '192.0.2.67',
    });
  // Fill the address's counter directly instead of paying hundreds of scrypt runs.
  for (let attempt = 0; attempt < LOGIN_LIMIT_PER_ADDRESS; attempt++)
    await platform.cache.increment('ratelimit:login-fail-ip:ip:192.0.2.66', 900);
  const blocked = await fromIp('learner@example.com', 'learner-password');
  expect(blocked.status).toBe(429);
  expect(Number(blocked.headers.get('retry-after'))).toBeGreaterThan(0);
  expect((await fromElsewhere('learner@example.com', 'learner-password')).status).toBe(200);
});

describe('roles are enforced and come from the users service', () => {
  test('a user calling an admin route gets 403; an admin gets the list', async () => {
    const learner = await login('learner@example.com', 'learner-password');
    const forbidden = await gatewayRequest(platform, '/api/v1/users', bearer(learner.access_token));
    expect(forbidden.status).toBe(403);
    const admin = await login('admin@example.com', 'admin-password');
    const list = await gatewayRequest(platform, '/api/v1/users?limit=2', bearer(admin.access_token));
    expect(list.status).toBe(200);
    const page = (await list.json()) as { items: unknown[]; nextCursor: string | null };
    expect(page.items).toHaveLength(2);
    expect(page.nextCursor).toBeString();
  });

  test('roles granted by an admin appear in the next refreshed token', async () => {
    const admin = await login('admin@example.com', 'admin-password');
    const email = 'future-teacher@example.com';
    const created = (await (
      await gatewayRequest(
        platform,
        '/api/v1/auth/register',
        json({ email, password: PASSWORD, name: 'Future Teacher' }),
      )
    ).json()) as { id: string };
    const tokens = await login(email, PASSWORD);
    const granted = await gatewayRequest(platform, `/api/v1/users/${created.id}/roles`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${admin.access_token}` },
      body: JSON.stringify({ roles: ['instructor'] }),
    });
    expect(granted.status).toBe(200);
    expect(((await granted.json()) as { roles: string[] }).roles).toEqual(['user', 'instructor']);
    const refreshed = (await (
      await gatewayRequest(platform, '/api/v1/auth/refresh', json({ refresh_token: tokens.refresh_token }))
    ).json()) as Tokens;
    const me = (await (
      await gatewayRequest(platform, '/api/v1/auth/me', bearer(refreshed.access_token))
    ).json()) as {
      roles: string[];
    };
    expect(me.roles).toEqual(['user', 'instructor']);
  });

  test('forged identity headers sent from outside have no effect', async () => {
    const forged = {
      'x-edu-identity': btoa(
        JSON.stringify({
          kind: 'user',
          sub: DEMO_ACCOUNTS[0]?.id,
          roles: ['user', 'admin'],
          scopes: [],
          exp: 9999999999,
        }),
      ),
      'x-edu-identity-signature': 'AAAA',
    };
    const anonymous = await gatewayRequest(platform, '/api/v1/users', { headers: forged });
    expect(anonymous.status).toBe(401);
    const learner = await login('learner@example.com', 'learner-password');
    const asLearner = await gatewayRequest(platform, '/api/v1/users', {
      headers: { ...forged, authorization: `Bearer ${learner.access_token}` },
    });
    expect(asLearner.status).toBe(403);
  });

  test('the internal profile routes cannot be reached from outside', async () => {
    const admin = await login('admin@example.com', 'admin-password');
    const response = await gatewayRequest(platform, '/internal/v1/users', {
      ...json({ id: 'x', email: 'x@example.com', name: 'X' }),
      headers: { 'content-type': 'application/json', authorization: `Bearer ${admin.access_token}` },
    });
    expect(response.status).toBe(404);
  });
});

describe('validation and conflicts', () => {
  test('bad bodies are 400 problem+json with errors', async () => {
    const cases: Array<[string, unknown]> = [
      ['/api/v1/auth/register', { email: 'not-an-email', password: 'short', name: '' }],
      ['/api/v1/auth/register', { email: 'a@example.com', password: 12345678, name: 'A' }],
      ['/api/v1/auth/login', { username: 'a@example.com' }],
      ['/api/v1/auth/refresh', {}],
    ];
    for (const [path, body] of cases) {
      const response = await gatewayRequest(platform, path, json(body));
      expect(response.status).toBe(400);
      expect(response.headers.get('content-type')).toBe('application/problem+json');
      const problem = (await response.json()) as { errors?: Array<{ path: string; message: string }> };
      expect(problem.errors?.length).toBeGreaterThan(0);
    }
  });

  test('a duplicate email, in any case, is 409', async () => {
    const body = { email: 'dup@example.com', password: PASSWORD, name: 'Dup' };
    expect((await gatewayRequest(platform, '/api/v1/auth/register', json(body))).status).toBe(201);
    const again = await gatewayRequest(
      platform,
      '/api/v1/auth/register',
      json({ ...body, email: 'DUP@example.com' }),
    );
    expect(again.status).toBe(409);
    expect(again.headers.get('content-type')).toBe('application/problem+json');
  });
});

test('when the profile cannot be created, the new credential is removed again', async () => {
  await platform.database.db.execute(
    sql`insert into users.profiles (id, email, name, roles) values ('orphan-1', 'orphan@example.com', 'Orphan', '{user}')`,
  );
  const response = await gatewayRequest(
    platform,
    '/api/v1/auth/register',
    json({ email: 'orphan@example.com', password: PASSWORD, name: 'Orphan Again' }),
  );
  expect(response.status).toBe(409);
  const credentials = await queryRows<{ count: number }>(
    platform.database.db,
    sql`select count(*)::int as count from identity.credentials where lower(email) = 'orphan@example.com'`,
  );
  expect(credentials[0]?.count).toBe(0);
});

describe('secrets stay secret', () => {
  test('passwords never appear in logs, responses or events; profiles carry no hash', async () => {
    const secret = 'very-secret-password-9f8e7d';
    const registered = await gatewayRequest(
      platform,
      '/api/v1/auth/register',
      json({ email: 'secret@example.com', password: secret, name: 'Secretive' }),
    );
    const tokens = await login('secret@example.com', secret);
    const profile = await (
      await gatewayRequest(platform, '/api/v1/users/me', bearer(tokens.access_token))
    ).text();
    const responses = [await registered.text(), JSON.stringify(tokens), profile];
    const events = await queryRows<{ envelope: unknown }>(
      platform.database.db,
      sql`select envelope from users.outbox`,
    );
    const userCreated = events.map((row) => JSON.stringify(row.envelope));
    expect(userCreated.some((event) => event.includes('secret@example.com'))).toBe(true);
    for (const text of [...responses, ...userCreated, ...logLines]) {
      expect(text).not.toContain(secret);
      expect(text).not.toContain('scrypt$');
      expect(text.toLowerCase()).not.toContain('passwordhash');
      expect(text.toLowerCase()).not.toContain('password_hash');
    }
    expect(logLines.length).toBeGreaterThan(0);
  });
});
