import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const SEED_FORM = 'test/fixtures/change-requests/valid/seed-form.yml';
const BAD_ENUM = 'test/fixtures/change-requests/invalid/bad-enum.yml';

function runNode(args: string[]) {
  const result = spawnSync(process.execPath, args, { cwd: ROOT, encoding: 'utf8' });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('src/cli/main.ts as a process', () => {
  it('exits 0 for the seed form and 1 for an invalid one, with FILE:LINE:COL lines', () => {
    const valid = runNode(['src/cli/main.ts', 'validate', SEED_FORM]);
    expect(valid.code).toBe(0);
    expect(valid.stdout).toMatch(
      /^test\/fixtures\/change-requests\/valid\/seed-form\.yml: valid \(change request, type security/,
    );
    const invalid = runNode(['src/cli/main.ts', 'validate', BAD_ENUM]);
    expect(invalid.code).toBe(1);
    expect(invalid.stdout).toBe(
      `${BAD_ENUM}:5:13: priority: "urgent" is not one of critical, high, medium, low\n`,
    );
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
    expect(valid.stderr).toBe('');
    expect(valid.status).toBe(0);
    expect(valid.stdout.split('\n').filter(Boolean)).toHaveLength(2);
    const invalid = spawnSync(process.execPath, [outfile, 'validate', '--format', 'json', BAD_ENUM], {
      cwd: ROOT,
      encoding: 'utf8',
    });
    expect(invalid.status).toBe(1);
    expect(JSON.parse(invalid.stdout)[0].problems[0]).toMatchObject({ line: 5, column: 13 });
  });
});
