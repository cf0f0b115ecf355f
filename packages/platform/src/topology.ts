import { z } from 'zod';
import { ConfigError } from './config.ts';

/**
 * Where a service runs. `embedded`: npm start's one process (scripts/lib/platform.ts), tests
 * included. `standalone`: a process or Worker of its own (the edge, a self-hosted service).
 */
export type ServiceTopology = 'embedded' | 'standalone';

/**
 * `ALLOW_TEST_MODE=true`: the explicit opt-in a standalone service needs before it runs a
 * test-mode adapter (MAIL_TRANSPORT=dev, PAYMENT_PROVIDER=embedded), e.g. in a staging worker.
 */
export const AllowTestModeSetting = z
  .enum(['true', 'false'], { error: 'must be true or false' })
  .default('false')
  .transform((value) => value === 'true');

/**
 * The adapter a setting names, where `testValue` is the one that moves nothing real (the dev
 * mailbox, the embedded payment provider). It is the default only in the embedded topology;
 * a standalone service must name its adapter, and may name `testValue` only together with
 * ALLOW_TEST_MODE=true. Otherwise it throws one line naming the setting, as loadConfig does.
 */
export function resolveAdapterSetting<Value extends string>(options: {
  name: string;
  value: Value | undefined;
  testValue: Value;
  realValues: readonly Value[];
  topology: ServiceTopology;
  allowTestMode: boolean;
}): Value {
  const { name, value, testValue, topology } = options;
  if (topology === 'embedded') return value ?? testValue;
  const testModeHint = `${name}=${testValue} with ALLOW_TEST_MODE=true for test mode`;
  if (value === undefined) {
    throw new ConfigError(
      `Invalid setting ${name}: is required outside the embedded topology (${options.realValues.join(' or ')}), or ${testModeHint} (it is not set)`,
    );
  }
  if (value === testValue && !options.allowTestMode) {
    throw new ConfigError(
      `Invalid setting ${name}: ${testValue} is test mode, which outside the embedded topology needs ALLOW_TEST_MODE=true (got "${value}")`,
    );
  }
  return value;
}
