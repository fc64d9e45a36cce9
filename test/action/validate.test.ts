import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCommand } from '../../action/src/run.ts';
import { fakeClock, instantRetry, recordingIO } from './action-harness.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const SEED_FORM = 'test/fixtures/change-requests/valid/seed-form.yml';
const BAD_ENUM = 'test/fixtures/change-requests/invalid/bad-enum.yml';
const BAD_DURATION = 'test/fixtures/config/invalid/bad-duration.yml';

let workspace: string;

beforeEach(() => {
  workspace = mkdtempSync(join(tmpdir(), 'change-gate-validate-'));
  mkdirSync(join(workspace, '.github'));
  mkdirSync(join(workspace, 'changes'));
  // The repository's own config: change requests are checked against it, as the CLI does in this repository.
  copyFileSync(join(ROOT, '.github/change-management.yml'), join(workspace, '.github/change-management.yml'));
});
afterEach(() => rmSync(workspace, { recursive: true, force: true }));

function place(from: string, to: string) {
  copyFileSync(join(ROOT, from), join(workspace, to));
}

/** Runs the action with `command: validate` (no token: no GitHub API call is made). */
async function runValidate(inputs: Record<string, string>) {
  const io = recordingIO({
    inputs: { command: 'validate', ...inputs },
    env: { GITHUB_WORKSPACE: workspace },
  });
  const outcome = await runCommand({ io, clock: fakeClock(), retry: instantRetry() });
  return { io, outcome };
}

describe('command: validate', () => {
  it('validates the default file, the repository config: success, output valid=true, a summary row', async () => {
    const { io, outcome } = await runValidate({});
    expect(outcome.failure).toBeNull();
    expect(io.outputs).toEqual({ valid: 'true' });
    expect(io.annotations).toEqual([]);
    expect(io.summary).toContain('## Change Gate: 1 of 1 file(s) valid');
    expect(io.summary).toContain('| `.github/change-management.yml` | config | ✅ valid |');
  });

  it('expands globs and paths separated by spaces and newlines, each file once', async () => {
    place(SEED_FORM, 'changes/seed.change.yml');
    place('test/fixtures/change-requests/valid/emergency.yml', 'changes/emergency.change.yml');
    const { io, outcome } = await runValidate({
      files: 'changes/*.change.yml\n.github/change-management.yml  changes/seed.change.yml',
    });
    expect(outcome.failure).toBeNull();
    expect(io.outputs.valid).toBe('true');
    expect(io.logs.filter((line) => line.includes(': valid ('))).toEqual([
      expect.stringMatching(/^changes\/emergency\.change\.yml: valid \(change request/),
      expect.stringMatching(/^changes\/seed\.change\.yml: valid \(change request, type security/),
      expect.stringMatching(/^\.github\/change-management\.yml: valid \(config/),
    ]);
    expect(io.summary).toContain('## Change Gate: 3 of 3 file(s) valid');
  });

  it('fails on an invalid change file with one annotation per problem at its line and column, as the CLI reports them', async () => {
    place(SEED_FORM, 'changes/good.change.yml');
    place(BAD_ENUM, 'changes/bad.change.yml');
    const { io, outcome } = await runValidate({ files: 'changes/*.change.yml' });
    expect(outcome.failure).toBe('Change Gate: 1 of 2 file(s) not valid: changes/bad.change.yml');
    expect(io.outputs.valid).toBe('false');
    // The same three problems, at the same places, as `change-gate validate` prints for this file (main.test.ts).
    expect(io.annotations).toEqual([
      {
        severity: 'error',
        file: 'changes/bad.change.yml',
        startLine: 2,
        startColumn: 1,
        message: 'rollback_plan: missing; say how the change is undone',
      },
      {
        severity: 'error',
        file: 'changes/bad.change.yml',
        startLine: 2,
        startColumn: 1,
        message: 'affected_systems: list at least one affected system',
      },
      {
        severity: 'error',
        file: 'changes/bad.change.yml',
        startLine: 5,
        startColumn: 13,
        message: 'priority: "urgent" is not one of critical, high, medium, low',
      },
    ]);
    expect(io.summary).toContain('## Change Gate: 1 of 2 file(s) valid');
    expect(io.summary).toContain(
      '| `changes/bad.change.yml` | change | ⛔ not valid (3 error(s), 0 warning(s)) |',
    );
    // Messages are escaped for the summary's Markdown.
    expect(io.summary).toContain('5:13 priority\\: "urgent" is not one of critical, high, medium, low |');
  });

  it('fails on an invalid config with an annotation at its line and column', async () => {
    place(BAD_DURATION, '.github/change-management.yml');
    const { io, outcome } = await runValidate({});
    expect(outcome.failure).toBe('Change Gate: 1 of 1 file(s) not valid: .github/change-management.yml');
    expect(io.outputs.valid).toBe('false');
    expect(io.annotations).toEqual([
      expect.objectContaining({
        severity: 'error',
        file: '.github/change-management.yml',
        startLine: 5,
        startColumn: 25,
        message: expect.stringContaining('approval_timeout: "2 days" is not valid'),
      }),
    ]);
  });

  it('does not check change requests against a broken repository config: both fail, the config is annotated', async () => {
    place(BAD_DURATION, '.github/change-management.yml');
    place(SEED_FORM, 'changes/seed.change.yml');
    const { io, outcome } = await runValidate({ files: 'changes/seed.change.yml' });
    expect(outcome.failure).toBe(
      'Change Gate: 2 of 2 file(s) not valid: changes/seed.change.yml, .github/change-management.yml',
    );
    expect(io.annotations.map((annotation) => [annotation.file, annotation.startLine])).toEqual([
      ['changes/seed.change.yml', undefined],
      ['.github/change-management.yml', 5],
    ]);
  });

  it('fails clearly when a glob matches nothing, before validating anything', async () => {
    // run() turns the error into a failed step: "Change Gate: input files: … matches no file …".
    await expect(
      runValidate({ files: '.github/change-management.yml changes/**/*.change.yml' }),
    ).rejects.toThrow(
      'input files: "changes/**/*.change.yml" matches no file in the workspace (paths and globs are relative to GITHUB_WORKSPACE; did the job check out the repository?)',
    );
    await expect(runValidate({ files: 'missing.yml' })).rejects.toThrow(
      'input files: "missing.yml" matches no file in the workspace',
    );
  });

  it('refuses paths outside the workspace', async () => {
    writeFileSync(join(workspace, 'x.yml'), 'change_request: {}\n');
    await expect(runValidate({ files: '../x.yml' })).rejects.toThrow('is outside the workspace');
    await expect(runValidate({ files: '/etc/passwd' })).rejects.toThrow('is outside the workspace');
  });
});
