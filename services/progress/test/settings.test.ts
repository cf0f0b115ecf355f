import { describe, expect, test } from 'bun:test';
import { loadModuleSettings } from '@edu/platform';
import { ConfigError, loadConfig } from '@edu/platform/config';
import { exportJWK, generateKeyPair } from 'jose';
import { progressModule } from '../src/index.ts';
import { issuerOf, ProgressSettingsSchema } from '../src/settings.ts';

describe('progress settings', () => {
  test('default to the local origin and a generated key', () => {
    const settings = loadConfig(ProgressSettingsSchema, {});
    expect(settings).toEqual({ PUBLIC_URL: 'http://localhost:8787' });
    expect(issuerOf({ PUBLIC_URL: 'https://learn.example.com/' })).toBe('https://learn.example.com');
  });

  test('the origin is the one the runner hands in, never read from the process environment', () => {
    const saved = process.env.PUBLIC_URL;
    try {
      process.env.PUBLIC_URL = 'https://learn.example.com';
      expect(loadModuleSettings(progressModule, { PUBLIC_URL: 'http://localhost:9411' }).PUBLIC_URL).toBe(
        'http://localhost:9411',
      );
      expect(loadModuleSettings(progressModule, {}).PUBLIC_URL).toBe('http://localhost:8787');
    } finally {
      if (saved === undefined) delete process.env.PUBLIC_URL;
      else process.env.PUBLIC_URL = saved;
    }
  });

  test('a configured signing key must be an EC P-256 private JWK, named in the error', async () => {
    const { privateKey, publicKey } = await generateKeyPair('ES256', { extractable: true });
    const good = JSON.stringify(await exportJWK(privateKey));
    expect(
      loadConfig(ProgressSettingsSchema, { CERTIFICATE_SIGNING_KEY: good }).CERTIFICATE_SIGNING_KEY,
    ).toBe(good);
    for (const bad of ['not json', JSON.stringify(await exportJWK(publicKey)), '{"kty":"RSA"}']) {
      expect(() => loadConfig(ProgressSettingsSchema, { CERTIFICATE_SIGNING_KEY: bad })).toThrow(ConfigError);
      expect(() => loadConfig(ProgressSettingsSchema, { CERTIFICATE_SIGNING_KEY: bad })).toThrow(
        /CERTIFICATE_SIGNING_KEY/,
      );
    }
    expect(() => loadConfig(ProgressSettingsSchema, { PUBLIC_URL: 'ftp://x' })).toThrow(/PUBLIC_URL/);
  });
});
