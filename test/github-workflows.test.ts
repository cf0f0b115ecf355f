import { expect, test } from 'bun:test';
import { readFileSync } from 'node:fs';

const root = new URL('..', import.meta.url).pathname;
const read = (path: string): unknown => Bun.YAML.parse(readFileSync(`${root}${path}`, 'utf8'));

interface Workflow {
  on: Record<string, unknown>;
  jobs: Record<string, { 'runs-on': string; steps: Array<{ run?: string; uses?: string }> }>;
}

test('the GitHub CI workflow runs the same gate as our CI: bash .ci/run, on pushes to main and pull requests', () => {
  const workflow = read('.github/workflows/ci.yml') as Workflow;
  expect(Object.keys(workflow.on)).toEqual(['push', 'pull_request']);
  const steps = Object.values(workflow.jobs).flatMap((job) => job.steps);
  expect(steps.map((step) => step.run)).toContain('bash .ci/run');
  expect(steps.some((step) => step.uses?.startsWith('actions/checkout@'))).toBe(true);
});

test('Dependabot watches every ecosystem the project pins', () => {
  const config = read('.github/dependabot.yml') as {
    updates: Array<{ 'package-ecosystem': string; directory: string }>;
  };
  const watched = config.updates.map((update) => `${update['package-ecosystem']}:${update.directory}`);
  expect(watched).toEqual(['npm:/', 'maven:/scripts/kafka', 'github-actions:/']);
});
