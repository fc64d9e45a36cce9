import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../../src/cli/run-cli.ts';

const FIXTURES = new URL('../../fixtures/', import.meta.url);

/** Runs the CLI in-process against an in-memory file system. */
function run(argv: string[], files: Record<string, string> = {}) {
  let stdout = '';
  let stderr = '';
  const code = runCli(argv, {
    readFile: (path) => {
      if (Object.hasOwn(files, path)) return files[path]!;
      if (path.startsWith('fixtures/'))
        return readFileSync(new URL(path.slice('fixtures/'.length), FIXTURES), 'utf8');
      throw Object.assign(new Error(`ENOENT: ${path}`), { code: 'ENOENT' });
    },
    stdout: (text) => {
      stdout += text;
    },
    stderr: (text) => {
      stderr += text;
    },
  });
  return { code, stdout, stderr, lines: stdout.split('\n').filter(Boolean) };
}

const SEED_ROLES = 'roles security-team, engineering-manager, change-manager, security-team-lead';

describe('change-gate validate: valid inputs exit 0', () => {
  it('accepts the seed form, the seed form in a PR body, and the seed config', () => {
    const result = run([
      'validate',
      'fixtures/change-requests/valid/seed-form.yml',
      'fixtures/markdown/valid/seed-pr-body.md',
      'fixtures/config/valid/seed-config.yml',
    ]);
    expect(result.code).toBe(0);
    expect(result.stderr).toBe('');
    expect(result.lines).toEqual([
      `fixtures/change-requests/valid/seed-form.yml: valid (change request, type security, priority high, level high (24h), ${SEED_ROLES})`,
      `fixtures/markdown/valid/seed-pr-body.md: valid (change request, type security, priority high, level high (24h), ${SEED_ROLES})`,
      'fixtures/config/valid/seed-config.yml: valid (config, 5 change types, levels emergency 1h, high 24h, medium 72h, low 7d)',
    ]);
  });

  it('prints warnings without failing', () => {
    const form =
      'change_request:\n  title: t\n  change_type: feature\n  priority: low\n  affected_systems: [a]\n  rollback_plan: r\n  approval_status: approved\n';
    const result = run(['validate', 'form.yml'], { 'form.yml': form });
    expect(result.code).toBe(0);
    expect(result.lines[0]).toBe(
      'form.yml:7:20: warning: approval_status: "approved" is ignored; approval comes from reviews and /approve comments by the required roles',
    );
  });
});

describe('change-gate validate: invalid inputs exit 1 with FILE:LINE:COL lines', () => {
  it('reports body lines for a change block inside Markdown', () => {
    const result = run(['validate', 'fixtures/markdown/invalid/bad-priority-in-body.md']);
    expect(result.code).toBe(1);
    expect(result.lines).toEqual([
      'fixtures/markdown/invalid/bad-priority-in-body.md:9:13: priority: "urgent" is not one of critical, high, medium, low',
    ]);
  });

  it('counts missing approval criteria as invalid, at file lines', () => {
    const body =
      '# PR\n\n```yaml\nchange_request:\n  title: t\n  change_type: infrastructure\n  priority: low\n```\n';
    const result = run(['validate', 'pr.md'], { 'pr.md': body });
    expect(result.code).toBe(1);
    expect(result.lines).toEqual([
      'pr.md:4:1: rollback_plan: missing; say how the change is undone',
      'pr.md:4:1: test_plan: missing; testing is required because change type infrastructure is in testing.required_for',
      'pr.md:4:1: test_environment: missing; testing is required, name one of staging, production-like',
      'pr.md:4:1: affected_systems: list at least one affected system',
    ]);
  });

  it('checks change requests against --config', () => {
    const config = 'change_management:\n  change_types: [feature, docs]\n  testing:\n    required_for: []\n';
    const form =
      'change_request:\n  title: t\n  change_type: security_fix\n  priority: low\n  affected_systems: [a]\n  rollback_plan: r\n';
    const result = run(['validate', '--config', 'cm.yml', 'form.yml'], {
      'cm.yml': config,
      'form.yml': form,
    });
    expect(result.code).toBe(1);
    expect(result.lines).toEqual([
      'form.yml:3:16: change_type: "security_fix" is not one of feature, docs (a suffix after "_" is allowed, e.g. feature_update)',
    ]);
  });

  it('reports a Markdown body without a change block', () => {
    const result = run(['validate', 'fixtures/markdown/invalid/no-block.md']);
    expect(result.code).toBe(1);
    expect(result.lines).toEqual([
      'fixtures/markdown/invalid/no-block.md:1:1: no change block: expected a ```yaml code block whose root key is change_request:',
    ]);
  });

  it('asks for --kind when the kind cannot be told, and honours it', () => {
    const files = { 'x.yml': 'title: x\n' };
    expect(run(['validate', 'x.yml'], files).lines[0]).toMatch(
      /^x\.yml:1:1: cannot tell what this file is: .*pass --kind/,
    );
    expect(run(['validate', '--kind', 'config', 'x.yml'], files).lines).toEqual([
      'x.yml:1:1: top level: unknown key "title"; allowed keys: _extends, change_management',
    ]);
  });

  it('exits 1 when any of several files is invalid, and reports each', () => {
    const result = run([
      'validate',
      'fixtures/config/valid/partial.yml',
      'fixtures/config/invalid/evil.yml',
      '--kind',
      'config',
    ]);
    expect(result.code).toBe(1);
    expect(result.lines).toEqual([
      'fixtures/config/valid/partial.yml: valid (config, 5 change types, levels emergency 1h, high 24h, medium 72h, low 7d)',
      'fixtures/config/invalid/evil.yml:3:8: aliases expand to too many values (more than 100): a YAML bomb is refused. Write the values out instead of using *aliases.',
    ]);
  });

  it('prints a JSON array with --format json', () => {
    const result = run([
      'validate',
      '--format',
      'json',
      'fixtures/change-requests/invalid/bad-enum.yml',
      'fixtures/config/valid/empty.yml',
      '--kind',
      'change',
    ]);
    expect(result.code).toBe(1);
    expect(JSON.parse(result.stdout)).toEqual([
      {
        file: 'fixtures/change-requests/invalid/bad-enum.yml',
        kind: 'change',
        valid: false,
        problems: [
          {
            line: 5,
            column: 13,
            severity: 'error',
            message: 'priority: "urgent" is not one of critical, high, medium, low',
            path: '/change_request/priority',
          },
        ],
        summary: null,
      },
      {
        file: 'fixtures/config/valid/empty.yml',
        kind: 'change',
        valid: false,
        problems: [
          {
            line: 1,
            column: 1,
            severity: 'error',
            message: 'no change request: expected change_request: as the root key',
          },
        ],
        summary: null,
      },
    ]);
  });
});

describe('change-gate: usage errors exit 2 with a message on stderr', () => {
  it.each([
    [[], 'no command given'],
    [['check', 'a.yml'], 'unknown command "check"'],
    [['validate'], 'no FILE given'],
    [['validate', '--bogus', 'a.yml'], "Unknown option '--bogus'"],
    [['validate', '--kind', 'pdf', 'a.yml'], '--kind must be change, config or markdown, not "pdf"'],
    [['validate', '--format', 'xml', 'a.yml'], '--format must be text or json, not "xml"'],
    [['validate', 'missing.yml'], 'cannot read missing.yml: no such file'],
  ])('%j', (argv, message) => {
    const result = run(argv as string[]);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain(`change-gate: ${message}`);
  });

  it('refuses an invalid --config before validating anything', () => {
    const result = run(['validate', '--config', 'cm.yml', 'fixtures/change-requests/valid/seed-form.yml'], {
      'cm.yml': 'change_management:\n  label: 42\n',
    });
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toBe(
      'cm.yml:2:10: label: expected a string, got a number (42)\nchange-gate: --config cm.yml is not a valid config\n',
    );
  });

  it('prints help on --help and exits 0, saying completeness counts', () => {
    const result = run(['--help']);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^Usage: change-gate validate/);
    expect(result.stdout).toContain('Missing criteria count as invalid here');
  });
});
