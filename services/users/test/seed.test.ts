import { describe, expect, test } from 'bun:test';
import { DEMO_ACCOUNTS } from '@edu/contracts';
import { usersModule } from '../src/index.ts';
import { useUsersService } from './support.ts';

describe('the demo profiles (embedded identity)', () => {
  const users = useUsersService();

  test('seeding twice leaves one profile per demo account', async () => {
    await usersModule.seed?.(users.subject().deps);
    const demoIds = DEMO_ACCOUNTS.map((account) => account.id);
    expect(await users.countProfiles(demoIds)).toBe(DEMO_ACCOUNTS.length);
  });
});

describe('with Auth0', () => {
  const users = useUsersService({ AUTH0_DOMAIN: 'edu.eu.auth0.com' });

  test('no demo profile is seeded: the demo accounts are the embedded issuer’s', async () => {
    expect(await users.countProfiles()).toBe(0);
  });
});
