import { describe, expect, test } from 'bun:test';
import { z } from 'zod';
import { ConfigError, loadConfig, PlatformSettings, portSetting, urlSetting } from '../src/config.ts';

describe('loadConfig', () => {
  const Settings = z.object({ PORT: portSetting(8787), DATABASE_URL: urlSetting(['postgres']).optional() });

  test('applies defaults and coerces numbers', () => {
    expect(loadConfig(Settings, {})).toEqual({ PORT: 8787 });
    expect(loadConfig(Settings, { PORT: ' 9000 ' }).PORT).toBe(9000);
  });

  test('an empty value counts as unset', () => {
    expect(loadConfig(Settings, { PORT: '', DATABASE_URL: '' })).toEqual({ PORT: 8787 });
  });

  test('names the variable and the value it got', () => {
    expect(() => loadConfig(Settings, { PORT: 'abc' })).toThrow(ConfigError);
    expect(() => loadConfig(Settings, { PORT: 'abc' })).toThrow(/^Invalid setting PORT: .*\(got "abc"\)$/);
    expect(() => loadConfig(Settings, { DATABASE_URL: 'http://x' })).toThrow(
      /Invalid setting DATABASE_URL: must be a URL/,
    );
  });

  test('names a required variable that is missing', () => {
    const Required = z.object({ SECRET: z.string() });
    expect(() => loadConfig(Required, {})).toThrow(/Invalid setting SECRET: .*it is not set/);
  });

  test('the identity secret must be long enough', () => {
    expect(() => loadConfig(PlatformSettings, { INTERNAL_IDENTITY_SECRET: 'short' })).toThrow(
      /INTERNAL_IDENTITY_SECRET: must be at least 32 characters/,
    );
  });
});
