import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import packageJson from '../../../package.json' with { type: 'json' };

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const SEED_FORM = 'test/fixtures/change-requests/valid/seed-form.yml';
const BAD_ENUM = 'test/fixtures/change-requests/invalid/bad-enum.yml';

const REPOSITORY_CONFIG_LINE =
  "change-gate: checking change requests against the repository's config .github/change-management.yml (--config FILE to choose another)\n";

function runNode(args: string[], input?: string) {
  const result = spawnSync(process.execPath, args, { cwd: ROOT, encoding: 'utf8', input });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('src/cli/main.ts as a process', () => {
  it('exits 0 for the seed form and 1 for an invalid one, with FILE:LINE:COL lines', () => {
    const valid = runNode(['src/cli/main.ts', 'validate', SEED_FORM]);
    expect(valid.code).toBe(0);
    expect(valid.stdout).toMatch(
      /^test\/fixtures\/change-requests\/valid\/seed-form\.yml: valid \(change request, type security/,
    );
    // In this repository, change requests are checked against its own config, and the CLI says so.
    expect(valid.stderr).toBe(REPOSITORY_CONFIG_LINE);
    const invalid = runNode(['src/cli/main.ts', 'validate', BAD_ENUM]);
    expect(invalid.code).toBe(1);
    expect(invalid.stdout).toBe(
      [
        `${BAD_ENUM}:2:1: rollback_plan: missing; say how the change is undone`,
        `${BAD_ENUM}:2:1: affected_systems: list at least one affected system`,
        `${BAD_ENUM}:5:13: priority: "urgent" is not one of critical, high, medium, low\n`,
      ].join('\n'),
    );
  });

  it('prints the version of package.json and reads - from standard input', () => {
    const version = runNode(['src/cli/main.ts', '--version']);
    expect(version).toEqual({ code: 0, stdout: `${packageJson.version}\n`, stderr: '' });
    const stdin = runNode(['src/cli/main.ts', 'validate', '-'], readFileSync(join(ROOT, SEED_FORM), 'utf8'));
    expect(stdin.code).toBe(0);
    expect(stdin.stdout).toMatch(/^<stdin>: valid \(change request, type security/);
  });

  it('exits 2 on a usage error, with the message on stderr', () => {
    const result = runNode(['src/cli/main.ts', 'validate']);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain('change-gate: no FILE given');
  });
});

describe('scripts/build.ts', () => {
  const directory = mkdtempSync(join(tmpdir(), 'change-gate-build-'));
  afterAll(() => rmSync(directory, { recursive: true, force: true }));

  it('bundles a CLI that runs without the TypeScript sources', () => {
    const outfile = join(directory, 'cli.js');
    execFileSync(process.execPath, ['scripts/build.ts', outfile], { cwd: ROOT });
    const valid = spawnSync(
      process.execPath,
      [outfile, 'validate', SEED_FORM, '.github/change-management.yml'],
      {
        cwd: ROOT,
        encoding: 'utf8',
      },
    );
    expect(valid.stderr).toBe(REPOSITORY_CONFIG_LINE);
    expect(valid.status).toBe(0);
    expect(valid.stdout.split('\n').filter(Boolean)).toHaveLength(2);
    const invalid = spawnSync(process.execPath, [outfile, 'validate', '--format', 'json', BAD_ENUM], {
      cwd: ROOT,
      encoding: 'utf8',
    });
    expect(invalid.status).toBe(1);
    const output = JSON.parse(invalid.stdout);
    expect(output.files[0].problems).toContainEqual(expect.objectContaining({ line: 5, column: 13 }));
    expect(output.summary).toMatchObject({ files: 1, invalid: 1, errors: 3 });
    const version = spawnSync(process.execPath, [outfile, '--version'], { encoding: 'utf8' });
    expect(version.stdout).toBe(`${packageJson.version}\n`);
  });
});
