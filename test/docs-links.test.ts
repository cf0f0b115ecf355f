/**
 * The docs cannot lie about files: every relative link and every repository path that README.md
 * and docs/API.md mention exists, every `#anchor` they link to is a heading, and no source file
 * cites a contract kept outside the repository (the contract is docs/API.md).
 */
import { describe, expect, test } from 'bun:test';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const DOCS = ['README.md', 'docs/API.md'];

/** The files a clone has: tracked, or new and not ignored. */
function repositoryFiles(): string[] {
  const listed = spawnSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], {
    cwd: root,
    encoding: 'utf8',
  });
  if (listed.status !== 0) throw new Error(`git ls-files failed: ${listed.stderr}`);
  return listed.stdout.split('\0').filter((path) => path !== '' && existsSync(join(root, path)));
}

const files = repositoryFiles();
/** The repository's top-level entries: a mentioned path starting with one of them is a repository path. */
const topLevel = new Set(files.map((path) => path.split('/')[0] ?? path));

/** A path git ignores, such as site/dist-edge: built by a command, never committed. */
function isBuildOutput(path: string): boolean {
  // A folder pattern (`site/dist-edge/`) matches only with the slash when the folder is not there.
  const candidates = path.endsWith('/') ? [path] : [path, `${path}/`];
  return candidates.some(
    (candidate) =>
      spawnSync('git', ['check-ignore', '-q', '--no-index', candidate], { cwd: root }).status === 0,
  );
}

/** GitHub's heading anchors: lower case, punctuation dropped, spaces to hyphens. */
function anchorOf(heading: string): string {
  return heading
    .toLowerCase()
    .replace(/[^\p{L}\p{N} _-]/gu, '')
    .replace(/ /g, '-');
}

function anchorsIn(markdown: string): Set<string> {
  const headings = [...markdown.matchAll(/^#{1,6} +(.+)$/gm)].map((match) => match[1] ?? '');
  return new Set(headings.map(anchorOf));
}

/** Markdown links outside code blocks (code shows commands, not links). */
function linksIn(markdown: string): string[] {
  const prose = markdown.replace(/^```[\s\S]*?^```/gm, '');
  return [...prose.matchAll(/\]\(([^)\s]+)\)/g)].map((match) => match[1] ?? '');
}

/** `code` spans that name a path in this repository (no placeholders such as `<name>` or `*`). */
function pathsIn(markdown: string): string[] {
  const spans = [...markdown.matchAll(/`([^`\s]+)`/g)].map((match) => match[1] ?? '');
  return spans.filter((span) => {
    if (/[<>*…{}$=,]/.test(span) || span.includes('://')) return false;
    const first = span.replace(/^\.\//, '').split('/')[0] ?? '';
    return topLevel.has(first) && (span.includes('/') || /\.\w+$/.test(span));
  });
}

describe.each(DOCS)('%s', (doc) => {
  const markdown = readFileSync(join(root, doc), 'utf8');

  test('every relative link points at a file or folder of the repository, and every anchor at a heading', () => {
    const broken: string[] = [];
    for (const link of linksIn(markdown)) {
      if (/^[a-z]+:/i.test(link)) continue;
      const [target = '', anchor] = link.split('#');
      const path = target === '' ? doc : relative(root, join(root, dirname(doc), target));
      if (!existsSync(join(root, path))) {
        broken.push(`${link}: no ${path}`);
        continue;
      }
      if (anchor && path.endsWith('.md') && !anchorsIn(readFileSync(join(root, path), 'utf8')).has(anchor)) {
        broken.push(`${link}: no heading #${anchor} in ${path}`);
      }
    }
    expect(broken).toEqual([]);
  });

  test('every repository path it names exists (or is a build output git ignores)', () => {
    const paths = pathsIn(markdown);
    expect(paths.length).toBeGreaterThan(doc === 'README.md' ? 20 : 1);
    const missing = paths.filter((path) => !existsSync(join(root, path)) && !isBuildOutput(path));
    expect(missing).toEqual([]);
  });
});

test('the README links the contract and the OpenAPI document', () => {
  const readme = readFileSync(join(root, 'README.md'), 'utf8');
  expect(readme).toContain('](docs/API.md)');
  expect(readme).toContain('/api/v1/openapi.json');
  expect(readme).toContain('/docs');
  const contract = readFileSync(join(root, 'docs/API.md'), 'utf8');
  expect(contract).toContain('/api/v1/openapi.json');
  expect(contract).toContain('[`/docs`]');
});

test('no source file cites a contract outside the repository', () => {
  const sources = files.filter((path) => /\.(ts|tsx|mjs|js|astro|py|md|toml)$/.test(path));
  const citing = sources.filter((path) => {
    const text = readFileSync(join(root, path), 'utf8');
    // Every mention of the contract file must be the one in the repository, docs/API.md.
    return [...text.matchAll(/(\S*)API\.md/g)].some((match) => !(match[1] ?? '').endsWith('docs/'));
  });
  expect(citing).toEqual([]);
});
