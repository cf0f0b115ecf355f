/**
 * The Dockerfile read as build stages (dockerfile-ast), and the build context as Docker sees
 * it (a clean checkout filtered by .dockerignore, @balena/dockerignore), so a test can lay out
 * an image's files and run its steps without a Docker engine.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import ignore from '@balena/dockerignore';
import { Cmd, Copy, DockerfileParser, Env, From, Run, User, Volume, Workdir } from 'dockerfile-ast';

export interface CopyStep {
  sources: string[];
  destination: string;
  /** `--from=<stage>`: copied from an earlier stage instead of the build context. */
  fromStage: string | null;
}

/** One instruction that changes the image's files, in Dockerfile order. */
type FileStep =
  | { kind: 'copy'; copy: CopyStep; workdir: string }
  | { kind: 'run'; command: string; workdir: string };

export interface BuildStage {
  name: string | null;
  image: string;
  steps: FileStep[];
  workdir: string;
  env: Record<string, string>;
  user: string | null;
  volumes: string[];
  /** CMD in exec form. */
  cmd: string[] | null;
}

export function readStages(dockerfilePath: string): BuildStage[] {
  const dockerfile = DockerfileParser.parse(readFileSync(dockerfilePath, 'utf8'));
  const stages: BuildStage[] = [];
  for (const instruction of dockerfile.getInstructions()) {
    if (instruction instanceof From) {
      stages.push({
        name: instruction.getBuildStage(),
        image: instruction.getImageName() ?? '',
        steps: [],
        workdir: '/',
        env: {},
        user: null,
        volumes: [],
        cmd: null,
      });
      continue;
    }
    const stage = stages.at(-1);
    if (!stage) throw new Error(`${instruction.getKeyword()} before FROM`);
    if (instruction instanceof Workdir) {
      const path = instruction.getArgumentsContent() ?? '/';
      stage.workdir = path.startsWith('/') ? path : join(stage.workdir, path);
    } else if (instruction instanceof Copy) {
      const paths = instruction.getArguments().map((argument) => argument.getValue());
      const destination = paths.pop() ?? '';
      const from = instruction.getFromFlag()?.getValue() ?? null;
      stage.steps.push({
        kind: 'copy',
        copy: { sources: paths, destination, fromStage: from },
        workdir: stage.workdir,
      });
    } else if (instruction instanceof Run) {
      stage.steps.push({
        kind: 'run',
        command: instruction.getArgumentsContent() ?? '',
        workdir: stage.workdir,
      });
    } else if (instruction instanceof Env) {
      for (const property of instruction.getProperties())
        stage.env[property.getName()] = property.getValue() ?? '';
    } else if (instruction instanceof User) {
      stage.user = instruction.getArgumentsContent();
    } else if (instruction instanceof Volume) {
      stage.volumes.push(...instruction.getArguments().map((argument) => argument.getValue()));
    } else if (instruction instanceof Cmd) {
      const strings = instruction.getJSONStrings().map((argument) => argument.getJSONValue());
      stage.cmd = strings.length > 0 ? strings : null;
    }
  }
  return stages;
}

/**
 * The build context a fresh clone gives Docker: the files git tracks or would track (so new,
 * uncommitted files count, ignored ones do not), less what .dockerignore excludes.
 */
export function buildContextFiles(root: string): string[] {
  const listed = spawnSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], {
    cwd: root,
    encoding: 'utf8',
  });
  if (listed.status !== 0) throw new Error(`git ls-files failed: ${listed.stderr}`);
  const files = listed.stdout.split('\0').filter((path) => path !== '' && existsSync(join(root, path)));
  const dockerignorePath = join(root, '.dockerignore');
  if (!existsSync(dockerignorePath)) return files;
  return ignore().add(readFileSync(dockerignorePath, 'utf8')).filter(files);
}

/**
 * Where each context file of a COPY lands, Docker's way: a directory source copies its
 * contents into the destination; a file lands in a destination ending in `/` under its name.
 */
export function copyTargets(step: CopyStep, workdir: string, contextFiles: string[]): Map<string, string> {
  const destination = step.destination.startsWith('/') ? step.destination : join(workdir, step.destination);
  const intoDirectory = step.destination.endsWith('/') || step.sources.length > 1;
  const targets = new Map<string, string>();
  for (const rawSource of step.sources) {
    const source = rawSource.replace(/^\.\//, '').replace(/\/$/, '');
    const matched = contextFiles.filter((file) => file === source || file.startsWith(`${source}/`));
    if (matched.length === 0) throw new Error(`COPY ${rawSource}: nothing in the build context`);
    for (const file of matched) {
      if (file === source) {
        targets.set(file, intoDirectory ? join(destination, file.split('/').at(-1) ?? file) : destination);
      } else {
        targets.set(file, join(destination, file.slice(source.length + 1)));
      }
    }
  }
  return targets;
}
