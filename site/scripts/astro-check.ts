/**
 * `astro check` (type-checks .astro files) with the TypeScript 5 of this workspace. The repository
 * compiles with TypeScript 7, which has no JavaScript compiler API; @astrojs/check's language
 * tools (hoisted to the root node_modules) would `require('typescript')` and find that one, so
 * their requests for it are answered here with the site's own pinned TypeScript 5.
 */
import Module, { createRequire } from 'node:module';

const typescript5 = createRequire(import.meta.url).resolve('typescript');
type Resolve = (request: string, ...rest: unknown[]) => string;
const loader = Module as unknown as { _resolveFilename: Resolve };
const resolve = loader._resolveFilename;
loader._resolveFilename = function resolveTypescript5(this: unknown, request, ...rest) {
  return request === 'typescript' ? typescript5 : resolve.call(this, request, ...rest);
};

const { check, parseArgsAsCheckConfig } = await import('@astrojs/check');
const failed = await check(parseArgsAsCheckConfig(process.argv));
process.exit(failed ? 1 : 0);
