/**
 * The container image without a Docker engine: the Dockerfile's stages are laid out in a temp
 * directory (one folder per stage's filesystem), each COPY takes exactly its paths from the
 * build context a fresh clone gives (git's files less .dockerignore), the RUN steps of stages
 * built from that context run there (npm ci from the lock file: it needs the npm registry), and
 * the final stage's CMD must start the platform with the image's ENV.
 * CI only (~1 min): `CI=true bun test ./test/docker-image.ci.ts`.
 */
import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { type BuildStage, buildContextFiles, copyTargets, readStages } from './docker/dockerfile.ts';
import { waitForHealth } from './support.ts';

const root = new URL('..', import.meta.url).pathname;
const INSTALL_TIMEOUT_MS = 600_000;

const stages = readStages(join(root, 'Dockerfile'));
const finalStage = stages.at(-1) as BuildStage;
const workDir = mkdtempSync(join(tmpdir(), 'edu-image-'));
/** Each stage's filesystem root; an absolute path `p` of a stage is `join(stageRoot, p)`. */
const stageRoots = stages.map((_, index) => join(workDir, `stage-${index}`));
const finalRoot = stageRoots.at(-1) ?? workDir;
const copiedFromContext: string[] = [];

function buildsFromContext(stage: BuildStage): boolean {
  return stage.steps.some((step) => step.kind === 'copy' && step.copy.fromStage === null);
}

function stageRootNamed(name: string): string {
  const index = stages.findIndex((stage) => stage.name === name);
  const stageRoot = stageRoots[index];
  if (index < 0 || !stageRoot) throw new Error(`COPY --from=${name}: no such stage`);
  return stageRoot;
}

/**
 * Builds every stage in order: files from COPY, and the RUN steps of each stage that copies from
 * the build context (the install). A stage made only of other stages' files runs system setup as
 * root (mkdir, chown of absolute paths): those steps are checked by the tests, not run here.
 */
function buildImage() {
  const context = buildContextFiles(root);
  stages.forEach((stage, index) => {
    const stageRoot = stageRoots[index] ?? workDir;
    mkdirSync(join(stageRoot, stage.workdir), { recursive: true });
    for (const step of stage.steps) {
      mkdirSync(join(stageRoot, step.workdir), { recursive: true });
      if (step.kind === 'copy' && step.copy.fromStage === null) {
        for (const [file, target] of copyTargets(step.copy, step.workdir, context)) {
          mkdirSync(dirname(join(stageRoot, target)), { recursive: true });
          cpSync(join(root, file), join(stageRoot, target), { verbatimSymlinks: true });
          copiedFromContext.push(target);
        }
      } else if (step.kind === 'copy') {
        const fromRoot = stageRootNamed(step.copy.fromStage ?? '');
        const destination = join(stageRoot, step.copy.destination);
        mkdirSync(destination, { recursive: true });
        for (const source of step.copy.sources) {
          // Hard links: the same files as a copy for reading, without a second 1.4 GB node_modules.
          const linked = spawnSync('cp', ['-al', `${join(fromRoot, source)}/.`, `${destination}/`]);
          if (linked.status !== 0) throw new Error(`COPY --from: ${linked.stderr}`);
        }
      } else if (step.kind === 'run' && buildsFromContext(stage)) {
        const ran = spawnSync('sh', ['-c', step.command], {
          cwd: join(stageRoot, step.workdir),
          env: { ...process.env, ...stage.env, CI: 'true' },
          encoding: 'utf8',
          maxBuffer: 64 * 1024 * 1024,
        });
        if (ran.status !== 0) throw new Error(`RUN ${step.command} failed:\n${ran.stdout}\n${ran.stderr}`);
      }
    }
  });
}

beforeAll(() => {
  buildImage();
}, INSTALL_TIMEOUT_MS);

afterAll(() => {
  rmSync(workDir, { recursive: true, force: true });
});

const inApp = (path: string) => join(finalRoot, finalStage.workdir, path);

describe('the Dockerfile', () => {
  test('the build context holds no host installs or build output (.dockerignore)', () => {
    expect(copiedFromContext.length).toBeGreaterThan(100);
    const leaked = copiedFromContext.filter((path) =>
      /(^|\/)(node_modules|dist|dist-edge|\.data|\.git)\//.test(path),
    );
    expect(leaked).toEqual([]);
  });

  test('every workspace npm ci installs is copied before it runs, the site included', () => {
    const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { workspaces: string[] };
    const copied = new Set(copiedFromContext);
    for (const workspace of manifest.workspaces) {
      const glob = new Bun.Glob(`${workspace}/package.json`);
      for (const path of glob.scanSync({ cwd: root })) expect(copied.has(join('/app', path))).toBe(true);
    }
    expect(copied.has('/app/package-lock.json')).toBe(true);
  });

  test('npm ci in the image tree installs Bun from npm and builds the site', () => {
    expect(existsSync(inApp('node_modules/.bin/bun'))).toBe(true);
    expect(existsSync(inApp('node_modules/bun/package.json'))).toBe(true);
    expect(existsSync(inApp('site/dist/server/entry.mjs'))).toBe(true);
    expect(existsSync(inApp('site/dist/client'))).toBe(true);
  });

  test('the final stage runs as a user other than root, with DATA_DIR on a volume it owns', () => {
    expect(finalStage.user).not.toBeNull();
    expect(['root', '0']).not.toContain(finalStage.user ?? 'root');
    const dataDir = finalStage.env.DATA_DIR ?? '';
    expect(dataDir.startsWith('/')).toBe(true);
    expect(finalStage.volumes).toContain(dataDir);
    const runs = finalStage.steps.flatMap((step) => (step.kind === 'run' ? [step.command] : []));
    expect(
      runs.some((command) => command.includes(`chown ${finalStage.user}`) && command.includes(dataDir)),
    ).toBe(true);
  });

  test("its CMD starts the platform with the image's ENV (healthy, the site served) and docker stop's SIGTERM ends it", async () => {
    const [executable = '', ...args] = finalStage.cmd ?? [];
    expect(executable).not.toBe('');
    const probe = Bun.serve({ hostname: '127.0.0.1', port: 0, fetch: () => new Response() });
    const port = String(probe.port);
    probe.stop(true);
    const dataDir = join(finalRoot, finalStage.env.DATA_DIR ?? '/data');
    mkdirSync(dataDir, { recursive: true });
    const home = join(workDir, 'home');
    mkdirSync(home, { recursive: true });
    // The image's ENV as it is, but a free port here and DATA_DIR inside the stage's folder.
    const child = Bun.spawn(
      [executable.startsWith('/') ? join(finalRoot, executable) : executable, ...args],
      {
        cwd: inApp('.'),
        env: { PATH: process.env.PATH ?? '', HOME: home, ...finalStage.env, PORT: port, DATA_DIR: dataDir },
        stdout: 'ignore',
        stderr: 'pipe',
      },
    );
    const output = new Response(child.stderr).text();
    try {
      await waitForHealth(`http://127.0.0.1:${port}`, 120_000);
      const site = await fetch(`http://127.0.0.1:${port}/`);
      expect(site.status).toBe(200);
      expect(site.headers.get('content-type') ?? '').toContain('text/html');
      expect(existsSync(join(dataDir, 'pglite'))).toBe(true);
      // docker stop: SIGTERM to PID 1, then SIGKILL after 10 s.
      child.kill('SIGTERM');
      const stopped = await Promise.race([child.exited, Bun.sleep(10_000).then(() => 'still running')]);
      expect(stopped).toBe(0);
    } catch (error) {
      const log = await Promise.race([output, Bun.sleep(1_000).then(() => '')]);
      throw new Error(`${String(error)}\n${log.slice(-4_000)}`);
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
      await child.exited;
    }
  }, 180_000);
});

describe('docker-compose.yml', () => {
  interface ComposeService {
    build?: string | { context?: string; dockerfile?: string };
    image?: string;
    ports?: string[];
  }
  const compose = Bun.YAML.parse(readFileSync(join(root, 'docker-compose.yml'), 'utf8')) as {
    services: Record<string, ComposeService>;
  };

  test('parses, and every service it builds uses this Dockerfile', () => {
    const built = Object.entries(compose.services).filter(([, service]) => service.build !== undefined);
    expect(built.length).toBeGreaterThan(0);
    for (const [, service] of built) {
      const build = typeof service.build === 'string' ? { context: service.build } : (service.build ?? {});
      expect(join(root, build.context ?? '.', build.dockerfile ?? 'Dockerfile')).toBe(
        join(root, 'Dockerfile'),
      );
    }
  });

  test("the built services publish the image's PORT", () => {
    for (const service of Object.values(compose.services).filter((entry) => entry.build !== undefined)) {
      const containerPorts = (service.ports ?? []).map((mapping) => mapping.split(':').at(-1));
      expect(containerPorts).toContain(finalStage.env.PORT);
    }
  });
});
