/**
 * The one service shape (docs/service-shape.md), checked on every service's files: a service
 * that departs from it (SQL in a route file, two operations in one, a setting read from the
 * process, a second public entry) fails here with the file and the rule it breaks.
 */
import { describe, expect, test } from 'bun:test';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const SERVICES = readdirSync(join(root, 'services')).filter((name) =>
  statSync(join(root, 'services', name)).isDirectory(),
);

/** What may stand at the top of `src/`, and what must. */
const ALLOWED_TOP = new Set([
  'index.ts',
  'app.ts',
  'settings.ts',
  'worker.ts',
  'routes',
  'operations',
  'db',
  'domain',
  'events',
  'clients',
  'adapters',
  'middleware',
]);
const REQUIRED_TOP = ['index.ts', 'app.ts', 'settings.ts', 'worker.ts', 'routes'];
const MAX_SOURCE_LINES = 300;
const MAX_TEST_LINES = 400;

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((entry) => {
    const path = join(dir, entry);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

/** The module specifiers a file imports (static imports and re-exports). */
function importsOf(source: string): string[] {
  return [...source.matchAll(/(?:import|export)[^'"]*?from\s+'([^']+)'/g)].map((match) => match[1] ?? '');
}

/** Each service's files, read once: path relative to its src/ → text. */
function sourcesOf(service: string): Map<string, string> {
  const src = join(root, 'services', service, 'src');
  return new Map(
    filesUnder(src)
      .filter((path) => path.endsWith('.ts'))
      .map((path) => [relative(src, path), readFileSync(path, 'utf8')]),
  );
}

/** The rule's breaches as `file: why`, so a failure names every one of them. */
function breaches(files: Map<string, string>, rule: (path: string, text: string) => string | null): string[] {
  return [...files].flatMap(([path, text]) => {
    const why = rule(path, text);
    return why ? [`${path}: ${why}`] : [];
  });
}

const inFolder = (path: string, folder: string) => path.startsWith(`${folder}/`);

test('all six services are checked', () => {
  expect(SERVICES.sort()).toEqual([
    'courses',
    'notifications',
    'orchestrator',
    'payments',
    'progress',
    'users',
  ]);
});

for (const service of SERVICES) describeShape(service);

function describeShape(service: string) {
  describe(`the shape of services/${service}`, () => {
    const dir = join(root, 'services', service);
    const files = sourcesOf(service);

    test('one public entry: package.json exports only src/index.ts, which exports only the module', () => {
      const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { exports: unknown };
      expect(manifest.exports).toEqual({ '.': './src/index.ts' });
      const index = files.get('index.ts') ?? '';
      const exported = [
        ...index.matchAll(/^export\s+(?:const|function|class|type|interface|\{|\*)\s*(\w*)/gm),
      ];
      expect(exported.map((match) => match[1])).toEqual([expect.stringMatching(/Module$/)]);
      expect(index).toMatch(/export const \w+Module = defineServiceModule\(/);
    });

    test('the Workers entry is the shared one, given the module', () => {
      const worker = files.get('worker.ts') ?? '';
      expect(worker).toMatch(/export default createServiceWorker\(\w+Module\);/);
    });

    test('src/ holds the rooms of the shape and nothing else', () => {
      const top = readdirSync(join(dir, 'src'));
      expect(top.filter((entry) => !ALLOWED_TOP.has(entry))).toEqual([]);
      expect(REQUIRED_TOP.filter((entry) => !top.includes(entry))).toEqual([]);
    });

    test('routes: one operation a file, routes/<resource>/<verb>.ts, registered with one signature', () => {
      const routeFiles = new Map([...files].filter(([path]) => inFolder(path, 'routes')));
      expect(
        breaches(routeFiles, (path, text) => {
          const parts = path.split('/');
          const isSchemas = parts.at(-1) === 'schemas.ts';
          if (isSchemas)
            return parts.length <= 3 ? null : 'schemas.ts belongs in routes/ or routes/<resource>/';
          if (parts.length !== 3) return 'a route file is routes/<resource>/<verb>.ts';
          const routes = text.match(/createRoute\(/g)?.length ?? 0;
          if (routes !== 1) return `holds ${routes} createRoute() calls; one operation a file`;
          const registers = [...text.matchAll(/^export function (register\w*)\(([^)]*)\)/gm)];
          if (registers.length !== 1) return 'exports one register function';
          if (!/^app: ServiceApp, \w+: [\w<>.[\]]+$/.test(registers[0]?.[2] ?? '')) {
            return 'register(app: ServiceApp, deps: <Deps>) is the one signature';
          }
          return null;
        }),
      ).toEqual([]);
    });

    test('routes reach the database and other services only through operations', () => {
      const forbidden = /(^|\/)(db|clients|adapters|events)(\/|$)|^drizzle-orm|^@edu\/platform\/(db|events)/;
      expect(
        breaches(new Map([...files].filter(([path]) => inFolder(path, 'routes'))), (_path, text) => {
          const bad = importsOf(text).filter((specifier) =>
            forbidden.test(specifier.replace(/^(\.\.\/)+/, '')),
          );
          return bad.length > 0 ? `imports ${bad.join(', ')}` : null;
        }),
      ).toEqual([]);
    });

    test('domain/ is plain rules: no HTTP framework, SQL, events or other rooms', () => {
      const forbidden =
        /^(drizzle-orm|hono|@hono\/|@edu\/platform\/(db|events|cache))|(^|\/)(db|routes|operations|clients|events|adapters)(\/|$)/;
      expect(
        breaches(new Map([...files].filter(([path]) => inFolder(path, 'domain'))), (_path, text) => {
          const bad = importsOf(text).filter((specifier) =>
            forbidden.test(specifier.replace(/^(\.\.\/)+/, '')),
          );
          return bad.length > 0 ? `imports ${bad.join(', ')}` : null;
        }),
      ).toEqual([]);
    });

    test('db/ is used by operations (and adapters that store their state) only', () => {
      const mayUseDb = (path: string) =>
        inFolder(path, 'operations') || inFolder(path, 'db') || inFolder(path, 'adapters');
      expect(
        breaches(files, (path, text) => {
          if (mayUseDb(path)) return null;
          const bad = importsOf(text).filter((specifier) => /(^|\/)db\//.test(specifier));
          return bad.length > 0 ? `imports ${bad.join(', ')}` : null;
        }),
      ).toEqual([]);
    });

    test('transactions are opened in operations/ only', () => {
      expect(
        breaches(files, (path, text) =>
          !inFolder(path, 'operations') && /\.transaction\(/.test(text) ? 'opens a transaction' : null,
        ),
      ).toEqual([]);
    });

    test('events/ holds publish.ts and consume.ts; consumers are declared with defineConsumer', () => {
      const eventFiles = [...files.keys()].filter((path) => inFolder(path, 'events'));
      expect(eventFiles.filter((path) => !['events/publish.ts', 'events/consume.ts'].includes(path))).toEqual(
        [],
      );
      const consume = files.get('events/consume.ts');
      if (consume) expect(consume).toMatch(/defineConsumer\(/);
    });

    test('other services are called through clients/ and the shared service client only', () => {
      expect(
        breaches(files, (path, text) => {
          if (inFolder(path, 'clients')) {
            return /createServiceClient\(/.test(text) ? null : 'a client uses createServiceClient';
          }
          if (path === 'app.ts' || path === 'index.ts') return null;
          return /\bservices\.(users|courses|payments|notifications|progress)\b/.test(text)
            ? 'calls another service outside clients/'
            : null;
        }),
      ).toEqual([]);
    });

    test('settings come through deps: nothing reads the process environment', () => {
      expect(
        breaches(files, (_path, text) =>
          /process\.env|typeof process/.test(text) ? 'reads the process environment' : null,
        ),
      ).toEqual([]);
    });

    test(`source files stay under ${MAX_SOURCE_LINES} lines`, () => {
      expect(
        breaches(files, (_path, text) => {
          const lines = text.split('\n').length;
          return lines > MAX_SOURCE_LINES ? `${lines} lines` : null;
        }),
      ).toEqual([]);
    });

    test(`tests are split by resource (under ${MAX_TEST_LINES} lines), their helpers named support`, () => {
      const testDir = join(dir, 'test');
      const testFiles = filesUnder(testDir).map((path) => relative(testDir, path));
      const long = testFiles.filter(
        (path) =>
          /\.(test|ci)\.ts$/.test(path) &&
          readFileSync(join(testDir, path), 'utf8').split('\n').length > MAX_TEST_LINES,
      );
      expect(long).toEqual([]);
      const helpers = testFiles.filter((path) => !/\.(test|ci)\.ts$/.test(path));
      expect(helpers.filter((path) => path !== 'support.ts' && !path.startsWith('support/'))).toEqual([]);
    });

    test('a README says what it owns, its routes, its events and its settings', () => {
      const readme = readFileSync(join(dir, 'README.md'), 'utf8');
      for (const heading of ['## Owns', '## Routes', '## Events', '## Settings'])
        expect(readme).toContain(heading);
    });
  });
}
