// The files a user or an auditor reads before the code: LICENSE matches package.json, SECURITY.md links the
// trust model that exists, CHANGELOG.md has the released version, and every place that names the project's
// repository, action or webhook host uses the one placeholder.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from './support.ts';

const read = (path: string): string => readFileSync(join(ROOT, path), 'utf8');
const pkg = JSON.parse(read('package.json')) as {
  version: string;
  license: string;
  private?: boolean;
  repository: { url: string };
  homepage: string;
  bugs: { url: string };
  files: string[];
  scripts: Record<string, string>;
};

/** GitHub's anchor for a heading: lower case, punctuation dropped, spaces to hyphens. */
const anchor = (heading: string): string =>
  heading
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s-]/gu, '')
    .replace(/\s/g, '-');

const walk = (directory: string): string[] =>
  readdirSync(join(ROOT, directory)).flatMap((name) => {
    const path = join(directory, name);
    return statSync(join(ROOT, path)).isDirectory() ? walk(path) : [path];
  });

describe('project files', () => {
  it('LICENSE is the MIT licence package.json declares', () => {
    expect(pkg.license).toBe('MIT');
    expect(read('LICENSE')).toMatch(/^MIT License\n\nCopyright \(c\) 2026 Change Gate contributors\n/);
  });

  it('the package is publishable and builds its CLI only when packed', () => {
    expect(pkg.private).not.toBe(true);
    expect(pkg.scripts.prepare).toBeUndefined();
    expect(pkg.scripts.prepack).toBe('node scripts/build.ts');
    expect(pkg.files).toContain('dist/cli.js');
  });

  it('SECURITY.md links the README section on the trust model, and says how to report privately', () => {
    const security = read('SECURITY.md');
    const headings = read('README.md')
      .split('\n')
      .filter((line) => line.startsWith('## '))
      .map((line) => anchor(line.slice(3)));
    const links = [...security.matchAll(/\(README\.md#([^)]+)\)/g)].map((match) => match[1]);
    expect(links).toContain('what-the-gate-guarantees-trust-model');
    for (const link of links) expect(headings).toContain(link);
    expect(security).toContain('https://github.com/change-gate/change-gate/security/advisories/new');
    expect(security).toMatch(/## Supported versions/);
  });

  it("CHANGELOG.md's latest release is package.json's version", () => {
    const releases = [...read('CHANGELOG.md').matchAll(/^## \[(\d+\.\d+\.\d+)\] - (\d{4}-\d{2}-\d{2})$/gm)];
    expect(releases[0]?.[1]).toBe(pkg.version);
    expect(read('CHANGELOG.md')).toContain(
      `[${pkg.version}]: https://github.com/change-gate/change-gate/releases/tag/v${pkg.version}`,
    );
  });

  it('names the repository, the action and the webhook host with one placeholder everywhere', () => {
    const files = [
      'README.md',
      'CONTRIBUTING.md',
      'SECURITY.md',
      'CHANGELOG.md',
      'app.yml',
      'action/README.md',
      'action/action.yml',
    ]
      .concat(walk('docs'))
      .map((path) => relative(ROOT, join(ROOT, path)));
    const offending: string[] = [];
    for (const file of files) {
      read(file)
        .split('\n')
        .forEach((line, index) => {
          for (const match of line.matchAll(
            /github\.com\/([\w.-]+\/[\w.-]+)|([\w.-]+\/[\w.-]+)\/action@|https?:\/\/([\w.-]*example\.com)\/api\/github\/webhooks/g,
          )) {
            const repository = match[1] ?? match[2];
            const ok =
              repository !== undefined
                ? !/change-gate/i.test(repository) ||
                  repository.replace(/\.git$/, '') === 'change-gate/change-gate'
                : match[3] === 'change-gate.example.com';
            if (!ok) offending.push(`${file}:${index + 1}: ${match[0]}`);
          }
        });
    }
    expect(offending).toEqual([]);
    expect(pkg.repository.url).toBe('git+https://github.com/change-gate/change-gate.git');
    expect(pkg.homepage).toBe('https://github.com/change-gate/change-gate#readme');
    expect(pkg.bugs.url).toBe('https://github.com/change-gate/change-gate/issues');
    expect(read('app.yml')).toContain('url: https://change-gate.example.com/api/github/webhooks');
  });
});
