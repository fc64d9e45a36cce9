import { spawnSync } from 'node:child_process';
import { chmodSync, copyFileSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const HOOK = join(ROOT, 'docs/examples/pre-commit');
const VALID_CONFIG = join(ROOT, '.github/change-management.yml');
const INVALID_CONFIG = join(ROOT, 'test/fixtures/config/invalid/bad-duration.yml');
const SEED_FORM = join(ROOT, 'test/fixtures/change-requests/valid/seed-form.yml');
const BAD_ENUM = join(ROOT, 'test/fixtures/change-requests/invalid/bad-enum.yml');

describe('docs/examples/pre-commit', () => {
  let directory: string;
  let repository: string;
  let hookTmp: string;
  let env: NodeJS.ProcessEnv;

  beforeAll(() => {
    directory = mkdtempSync(join(tmpdir(), 'change-gate-hook-'));
    repository = join(directory, 'repo');
    hookTmp = join(directory, 'tmp');
    const bin = join(directory, 'bin');
    mkdirSync(hookTmp);
    mkdirSync(bin);
    // `npx change-gate …` is this project's CLI from its sources, on the Node 24 running the tests.
    writeFileSync(
      join(bin, 'npx'),
      `#!/bin/sh\n[ "$1" = change-gate ] && shift\nexec '${process.execPath}' '${join(ROOT, 'src/cli/main.ts')}' "$@"\n`,
    );
    chmodSync(join(bin, 'npx'), 0o755);
    env = {
      PATH: `${bin}:${process.env.PATH ?? ''}`,
      HOME: directory,
      TMPDIR: hookTmp,
      GIT_CONFIG_NOSYSTEM: '1',
      GIT_CONFIG_GLOBAL: '/dev/null',
      GIT_AUTHOR_NAME: 'Test',
      GIT_AUTHOR_EMAIL: 'test@example.com',
      GIT_COMMITTER_NAME: 'Test',
      GIT_COMMITTER_EMAIL: 'test@example.com',
    };
    git(['init', '--quiet', '--initial-branch=main', repository], directory);
    mkdirSync(join(repository, '.github'));
    mkdirSync(join(repository, 'changes'));
    copyFileSync(HOOK, join(repository, '.git/hooks/pre-commit'));
    chmodSync(join(repository, '.git/hooks/pre-commit'), 0o755);
  });
  afterAll(() => rmSync(directory, { recursive: true, force: true }));

  function git(args: string[], cwd = repository) {
    const result = spawnSync('git', args, { cwd, env, encoding: 'utf8' });
    return { code: result.status, stdout: result.stdout, stderr: result.stderr };
  }

  /** Stages FILES (repository path → source) and tries to commit: the hook's exit status and output. */
  function commitWith(files: Record<string, string>) {
    for (const [path, source] of Object.entries(files)) copyFileSync(source, join(repository, path));
    expect(git(['add', ...Object.keys(files)]).code).toBe(0);
    const result = git(['commit', '--quiet', '-m', 'change']);
    // The hook cleans up its copy of the index, whatever it decides.
    expect(readdirSync(hookTmp)).toEqual([]);
    return result;
  }

  it('lets a commit of a valid config and a valid change file through (exit 0)', () => {
    const result = commitWith({
      '.github/change-management.yml': VALID_CONFIG,
      'changes/mfa.yml': SEED_FORM,
    });
    expect(result.code).toBe(0);
    // The CLI's verdict lines, under the repository's paths (not the hook's temporary copy).
    expect(result.stderr.split('\n').filter(Boolean)).toEqual([
      expect.stringMatching(/^\.github\/change-management\.yml: valid \(config, /),
      expect.stringMatching(/^changes\/mfa\.yml: valid \(change request, type security, /),
    ]);
    expect(git(['log', '--oneline']).stdout.split('\n').filter(Boolean)).toHaveLength(1);
  });

  it('refuses an invalid staged config with FILE:LINE:COL, and an invalid change file', () => {
    const config = commitWith({ '.github/change-management.yml': INVALID_CONFIG });
    expect(config.code).not.toBe(0);
    expect(config.stderr).toContain(
      '.github/change-management.yml:5:25: approval_timeout: "2 days" is not valid',
    );
    expect(config.stderr).not.toContain(hookTmp);
    expect(config.stderr).toContain('change-gate: commit refused');
    git(['reset', '--quiet', '--hard']);

    const change = commitWith({ 'rollout.change.yml': BAD_ENUM });
    expect(change.code).not.toBe(0);
    expect(change.stderr).toContain(
      'rollout.change.yml:5:13: priority: "urgent" is not one of critical, high, medium, low',
    );
    git(['reset', '--quiet', '--hard']);
  });

  it('checks what is staged, not the working tree', () => {
    // A broken change staged, then fixed in the working tree only: the commit is refused.
    commitWith({ 'changes/fix.yml': BAD_ENUM });
    copyFileSync(SEED_FORM, join(repository, 'changes/fix.yml'));
    const result = git(['commit', '--quiet', '-m', 'change']);
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain('changes/fix.yml:5:13: priority');
    git(['reset', '--quiet', '--hard']);
  });

  it('does nothing when no config or change file is staged', () => {
    writeFileSync(join(repository, 'notes.txt'), 'hello\n');
    expect(git(['add', 'notes.txt']).code).toBe(0);
    expect(git(['commit', '--quiet', '-m', 'notes'])).toEqual({ code: 0, stdout: '', stderr: '' });
    expect(readdirSync(hookTmp)).toEqual([]);
  });
});
