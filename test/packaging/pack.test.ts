// `npm pack` of a fresh clone (the CLI bundled by `prepack`), installed into an empty project: the `change-gate`
// bin runs there on Node 24, with no TypeScript sources and nothing of the clone around it.
import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { copyTrackedFiles, npmEnv, ROOT, tempFolder } from './support.ts';

const VALID = 'test/fixtures/change-requests/valid/seed-form.yml';
const INVALID = 'test/fixtures/change-requests/invalid/bad-enum.yml';

describe('npm pack, installed into an empty project', () => {
  const work = tempFolder('change-gate-pack-');
  afterAll(() => work.remove());

  it('ships the bundled CLI, which validates change files from any directory', { timeout: 180_000 }, () => {
    const clone = join(work.path, 'clone');
    mkdirSync(clone);
    copyTrackedFiles(clone);
    // The packer's dev tools (esbuild for prepack) come from this checkout's install.
    symlinkSync(join(ROOT, 'node_modules'), join(clone, 'node_modules'));
    const env = npmEnv({ npm_config_loglevel: 'error' });
    const packed = JSON.parse(
      execFileSync('npm', ['pack', '--json', '--pack-destination', work.path], {
        cwd: clone,
        env,
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'pipe'],
        timeout: 120_000,
      }),
    ) as Array<{ filename: string; files: Array<{ path: string }> }>;
    const files = packed[0]?.files.map((file) => file.path) ?? [];
    expect(files).toEqual(expect.arrayContaining(['dist/cli.js', 'package.json', 'README.md', 'LICENSE']));
    expect(files.filter((path) => /^(test|sandbox|src|scripts|node_modules|\.github)\//.test(path))).toEqual(
      [],
    );
    const tarball = join(work.path, packed[0]?.filename ?? '');
    expect(readdirSync(work.path)).toContain(packed[0]?.filename);

    const project = join(work.path, 'project');
    mkdirSync(join(project, 'changes'), { recursive: true });
    writeFileSync(join(project, 'package.json'), `${JSON.stringify({ name: 'consumer', private: true })}\n`);
    copyFileSync(join(ROOT, VALID), join(project, 'changes', 'seed-form.yml'));
    copyFileSync(join(ROOT, INVALID), join(project, 'changes', 'bad-enum.yml'));
    execFileSync('npm', ['install', tarball, '--prefer-offline', '--no-audit', '--no-fund'], {
      cwd: project,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
      timeout: 150_000,
    });

    const npx = (args: string[], cwd = project) =>
      spawnSync('npx', ['--no-install', 'change-gate', ...args], { cwd, env, encoding: 'utf8' });
    const valid = npx(['validate', 'changes/seed-form.yml']);
    expect(valid.stderr).toBe('');
    expect(valid.stdout).toMatch(/^changes\/seed-form\.yml: valid \(change request, type security/);
    expect(valid.status).toBe(0);

    const invalid = npx(['validate', 'bad-enum.yml'], join(project, 'changes'));
    expect(invalid.stdout).toContain('bad-enum.yml:5:13: priority: "urgent" is not one of');
    expect(
      invalid.stdout
        .split('\n')
        .filter(Boolean)
        .every((line) => /^bad-enum\.yml:\d+:\d+: /.test(line)),
    ).toBe(true);
    expect(invalid.status).toBe(1);
  });
});
