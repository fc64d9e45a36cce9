import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseCliArgs } from '../../../src/cli/parse-cli-args.ts';
import { runCli } from '../../../src/cli/run-cli.ts';

const FIXTURES = new URL('../../fixtures/', import.meta.url);

/**
 * Runs the CLI in-process against an in-memory file system whose working directory is /work (FILES are
 * relative to it, or absolute; a key ending in `/` is a directory, e.g. `repo/.git/`) and `stdin`.
 */
function run(argv: string[], files: Record<string, string> = {}, stdin?: string) {
  let stdout = '';
  let stderr = '';
  const absolute = (path: string) => (path.startsWith('/') ? path : `/work/${path}`);
  const paths = new Set(Object.keys(files).map((path) => absolute(path).replace(/\/$/, '')));
  const code = runCli(argv, {
    readFile: (path) => {
      if (Object.hasOwn(files, path)) return files[path]!;
      const key = Object.keys(files).find((name) => absolute(name) === path);
      if (key !== undefined) return files[key]!;
      if (path.startsWith('fixtures/'))
        return readFileSync(new URL(path.slice('fixtures/'.length), FIXTURES), 'utf8');
      throw Object.assign(new Error(`ENOENT: ${path}`), { code: 'ENOENT' });
    },
    readStdin: () => {
      if (stdin === undefined) throw new Error('stdin is closed');
      return stdin;
    },
    exists: (path) => paths.has(path),
    cwd: () => '/work',
    version: '9.8.7',
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
      'fixtures/markdown/invalid/bad-priority-in-body.md:7:1: rollback_plan: missing; say how the change is undone',
      'fixtures/markdown/invalid/bad-priority-in-body.md:7:1: affected_systems: list at least one affected system',
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

  it('prints structured JSON with --format json: per file its fields and problems, and counted totals', () => {
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
    const defaults = { source: 'defaults', path: null };
    expect(JSON.parse(result.stdout)).toEqual({
      files: [
        {
          file: 'fixtures/change-requests/invalid/bad-enum.yml',
          kind: 'change',
          valid: false,
          changeId: null,
          level: null,
          roles: [],
          problems: [
            {
              line: 2,
              column: 1,
              path: '/change_request/rollback_plan',
              severity: 'error',
              message: 'rollback_plan: missing; say how the change is undone',
            },
            {
              line: 2,
              column: 1,
              path: '/change_request/affected_systems',
              severity: 'error',
              message: 'affected_systems: list at least one affected system',
            },
            {
              line: 5,
              column: 13,
              path: '/change_request/priority',
              severity: 'error',
              message: 'priority: "urgent" is not one of critical, high, medium, low',
            },
          ],
          summary: null,
          config: defaults,
        },
        {
          file: 'fixtures/config/valid/empty.yml',
          kind: 'change',
          valid: false,
          changeId: null,
          level: null,
          roles: [],
          problems: [
            {
              line: 1,
              column: 1,
              path: null,
              severity: 'error',
              message: 'no change request: expected change_request: as the root key',
            },
          ],
          summary: null,
          config: defaults,
        },
      ],
      summary: { files: 2, valid: 0, invalid: 2, errors: 4, warnings: 0 },
    });
  });

  it('gives a valid change request its ID, level and roles in JSON', () => {
    const form =
      'change_request:\n  id: CHG-2026-042\n  title: t\n  change_type: feature\n  priority: medium\n  affected_systems: [a]\n  rollback_plan: r\n  approvers: [security-team]\n';
    const result = run(['validate', '--format', 'json', 'form.yml'], { 'form.yml': form });
    expect(result.code).toBe(0);
    const output = JSON.parse(result.stdout);
    expect(output.files[0]).toMatchObject({
      valid: true,
      changeId: 'CHG-2026-042',
      level: 'medium',
      roles: ['engineering-manager', 'change-manager', 'security-team'],
      problems: [],
    });
    expect(output.summary).toEqual({ files: 1, valid: 1, invalid: 0, errors: 0, warnings: 0 });
  });
});

describe('change-gate validate: every problem of a file in one pass', () => {
  it('reports schema problems and missing approval criteria of a change request together', () => {
    const form =
      'change_request:\n  title: t\n  change_type: infrastructure\n  priority: someday\n  affected_systems: []\n  rollback_plan: 7\n';
    const result = run(['validate', 'form.yml'], { 'form.yml': form });
    expect(result.code).toBe(1);
    expect(result.lines).toEqual([
      'form.yml:1:1: test_plan: missing; testing is required because change type infrastructure is in testing.required_for',
      'form.yml:1:1: test_environment: missing; testing is required, name one of staging, production-like',
      'form.yml:4:13: priority: "someday" is not one of critical, high, medium, low',
      'form.yml:5:3: affected_systems: list at least one affected system',
      'form.yml:6:18: rollback_plan: expected a string, got a number (7)',
    ]);
  });

  it('reads only well-typed fields of a refused form: a wrong type is reported once, by the schema', () => {
    const form =
      'change_request:\n  title: t\n  change_type: security\n  priority: low\n  affected_systems: [a]\n  rollback_plan: r\n  test_plan: [x]\n  test_environment: 5\n  testing_required: yes\n';
    const result = run(['validate', 'form.yml'], { 'form.yml': form });
    expect(result.code).toBe(1);
    expect(result.lines).toEqual([
      'form.yml:7:3: test_plan: expected a string, got a list',
      'form.yml:8:21: test_environment: expected a string, got a number (5)',
      'form.yml:9:21: testing_required: expected true or false, got a string ("yes")',
    ]);
  });

  it('reports schema problems and reference problems of a config together', () => {
    const config = 'change_management:\n  label: 42\n  testing:\n    required_for: [security, rocketry]\n';
    const result = run(['validate', 'cm.yml', '--kind', 'config'], { 'cm.yml': config });
    expect(result.code).toBe(1);
    expect(result.lines[0]).toBe('cm.yml:2:10: label: expected a string, got a number (42)');
    expect(result.lines.slice(1).join('\n')).toMatch(/^cm\.yml:4:\d+: .*rocketry/);
  });
});

describe("change-gate validate: the repository's own config", () => {
  const repoConfig =
    'change_management:\n  change_types: [feature, docs]\n  testing: { required_for: [] }\n  roles:\n    cto: { users: [ceo] }\n';
  const form = (type: string) =>
    `change_request:\n  title: t\n  change_type: ${type}\n  priority: low\n  affected_systems: [a]\n  rollback_plan: r\n  approvers: [cto]\n`;

  it('checks a change request in a repository against its .github/change-management.yml and says so', () => {
    const files = {
      'repo/.git/': '',
      'repo/.github/change-management.yml': repoConfig,
      'repo/changes/a.yml': form('security'),
      'repo/changes/b.yml': form('docs'),
    };
    const result = run(['validate', 'repo/changes/a.yml', 'repo/changes/b.yml'], files);
    expect(result.code).toBe(1);
    expect(result.lines).toEqual([
      'repo/changes/a.yml:3:16: change_type: "security" is not one of feature, docs (a suffix after "_" is allowed, e.g. feature_update)',
      'repo/changes/b.yml: valid (change request, type docs, priority low, level low (7d), roles change-manager, cto)',
    ]);
    // Said once, though two files use it.
    expect(result.stderr).toBe(
      "change-gate: checking change requests against the repository's config repo/.github/change-management.yml (--config FILE to choose another)\n",
    );
    const json = JSON.parse(run(['validate', '--format', 'json', 'repo/changes/b.yml'], files).stdout);
    expect(json.files[0].config).toEqual({
      source: 'repository',
      path: 'repo/.github/change-management.yml',
    });
  });

  it('uses the defaults outside a repository, or in one without the file; --config wins over the repository', () => {
    expect(run(['validate', 'a.yml'], { 'a.yml': form('docs') }).lines[0]).toMatch(
      /change_type: "docs" is not one of/,
    );
    const bare = run(['validate', 'repo/a.yml'], { 'repo/.git/': '', 'repo/a.yml': form('docs') });
    expect(bare.stderr).toBe('');
    expect(bare.lines[0]).toMatch(/change_type: "docs" is not one of/);
    const files = {
      'repo/.git/': '',
      'repo/.github/change-management.yml': repoConfig,
      'repo/a.yml': form('security'),
      'cm.yml': 'change_management:\n  change_types: [security]\n  testing: { required_for: [] }\n',
    };
    const chosen = run(['validate', '--config', 'cm.yml', '--format', 'json', 'repo/a.yml'], files);
    expect(chosen.stderr).toBe('');
    expect(JSON.parse(chosen.stdout).files[0]).toMatchObject({
      valid: true,
      config: { source: 'option', path: 'cm.yml' },
    });
  });

  it('refuses an invalid repository config with its problems', () => {
    const result = run(['validate', 'repo/a.yml'], {
      'repo/.git/': '',
      'repo/.github/change-management.yml': 'change_management:\n  label: 42\n',
      'repo/a.yml': form('feature'),
    });
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toBe(
      'repo/.github/change-management.yml:2:10: label: expected a string, got a number (42)\nchange-gate: repo/.github/change-management.yml is not a valid config\n',
    );
  });

  it('reads - from standard input and finds the repository from the working directory', () => {
    const result = run(
      ['validate', '-'],
      { '.git/': '', '.github/change-management.yml': repoConfig },
      form('docs'),
    );
    expect(result.code).toBe(0);
    // cto is a role of this config: no warning.
    expect(result.lines).toEqual([
      '<stdin>: valid (change request, type docs, priority low, level low (7d), roles change-manager, cto)',
    ]);
    expect(result.stderr).toContain('.github/change-management.yml');
  });
});

describe('change-gate validate: roles a form adds', () => {
  it('flags a role the config does not know with the team it will be read as', () => {
    const form =
      'change_request:\n  title: t\n  change_type: feature\n  priority: low\n  affected_systems: [a]\n  rollback_plan: r\n  approvers: [change-manager, securty-team]\n';
    const result = run(['validate', 'form.yml'], { 'form.yml': form });
    expect(result.code).toBe(0);
    expect(result.lines).toEqual([
      'form.yml:7:31: warning: approvers: role "securty-team" is not in the config\'s roles: nor any level\'s approvers; it will be read as the team @org/securty-team',
      'form.yml: valid (change request, type feature, priority low, level low (7d), roles change-manager, securty-team)',
    ]);
  });
});

describe('change-gate --version and stdin', () => {
  it('prints the version', () => {
    expect(run(['--version'])).toMatchObject({ code: 0, stdout: '9.8.7\n', stderr: '' });
  });

  it('validates standard input as <stdin>, detecting Markdown by its fence', () => {
    const body =
      '# PR\n\n```yaml\nchange_request:\n  title: t\n  change_type: feature\n  priority: urgent\n```\n';
    const result = run(['validate', '-'], {}, body);
    expect(result.code).toBe(1);
    expect(result.lines).toContain(
      '<stdin>:7:13: priority: "urgent" is not one of critical, high, medium, low',
    );
  });

  it('refuses - twice, and says when standard input cannot be read', () => {
    expect(run(['validate', '-', '-'], {}, 'x').stderr).toContain('standard input (-) can be read once');
    const closed = run(['validate', '-']);
    expect(closed.code).toBe(2);
    expect(closed.stderr).toContain('change-gate: cannot read standard input: stdin is closed');
  });
});

describe('change-gate: usage errors exit 2 with a message on stderr', () => {
  it.each([
    [[], 'no command given'],
    [['check', 'a.yml'], 'unknown command "check"'],
    [['doctor'], 'doctor needs --repo OWNER/NAME'],
    [['doctor', '--repo', 'a/b', '--app-id', 'x'], '--app-id must be a number, not "x"'],
    [['validate', '--repo', 'a/b', 'a.yml'], '--repo is an option of doctor, not validate'],
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

describe('change-gate history: argument parsing', () => {
  it('reads --repo, --number, every --public-key, --format and --app-slug', () => {
    expect(
      parseCliArgs([
        'history',
        '--repo',
        'acme/web',
        '--number',
        '12',
        '--public-key',
        'old.pem',
        '--public-key',
        'new.pem',
        '--format',
        'json',
      ]),
    ).toEqual({
      action: 'history',
      ref: { owner: 'acme', repo: 'web', number: 12 },
      publicKeys: ['old.pem', 'new.pem'],
      format: 'json',
      appSlug: 'change-gate',
    });
  });

  it.each([
    [['history', '--number', '1', '--public-key', 'k.pem'], 'history needs --repo OWNER/NAME'],
    [['history', '--repo', 'a/b', '--public-key', 'k.pem'], 'history needs --number N'],
    [
      ['history', '--repo', 'a/b', '--number', 'x', '--public-key', 'k.pem'],
      '--number must be a pull request or issue number, not "x"',
    ],
    [
      ['history', '--repo', 'a/b', '--number', '0', '--public-key', 'k.pem'],
      '--number must be a pull request or issue number, not "0"',
    ],
    [['history', '--repo', 'a/b', '--number=-3', '--public-key', 'k.pem'], 'not "-3"'],
    [['history', '--repo', 'a/b', '--number', '1.5', '--public-key', 'k.pem'], 'not "1.5"'],
    [['history', '--repo', 'a/b', '--number', '1'], 'history needs --public-key FILE'],
    [
      ['history', '--repo', 'a/b', '--number', '1', '--public-key', 'k.pem', 'x.yml'],
      'history takes no FILE',
    ],
    [
      ['history', '--repo', 'a/b', '--number', '1', '--public-key', 'k.pem', '--format', 'csv'],
      '--format must be text or json',
    ],
    [['validate', '--public-key', 'k.pem', 'a.yml'], '--public-key is an option of history, not validate'],
    [['doctor', '--repo', 'a/b', '--number', '1'], '--number is an option of history, not doctor'],
  ])('%j is a usage error', (argv, message) => {
    const parsed = parseCliArgs(argv as string[]);
    expect(parsed.action).toBe('usage-error');
    expect((parsed as { message: string }).message).toContain(message);
  });

  it('runs from the change-gate command only', () => {
    const result = run(['history', '--repo', 'a/b', '--number', '1', '--public-key', 'k.pem']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('history runs from the change-gate command only');
  });
});

describe('change-gate report: argument parsing', () => {
  it('reads a month or a range, every --public-key, and the format (Markdown by default)', () => {
    expect(
      parseCliArgs(['report', '--repo', 'acme/web', '--period', '2026-03', '--public-key', 'k.pem']),
    ).toEqual({
      action: 'report',
      scope: { kind: 'repository', owner: 'acme', repo: 'web' },
      period: '2026-03',
      publicKeys: ['k.pem'],
      format: 'markdown',
      output: null,
      appSlug: 'change-gate',
    });
    expect(
      parseCliArgs([
        'report',
        '--repo',
        'acme/web',
        '--period',
        '2026-03',
        '--public-key',
        'k.pem',
        '--format',
        'html',
        '--output',
        'site/index.html',
      ]),
    ).toMatchObject({ format: 'html', output: 'site/index.html' });
    expect(
      parseCliArgs([
        'report',
        '--repo',
        'acme/web',
        '--from',
        '2026-03-01T00:00:00Z',
        '--to',
        '2026-03-08T00:00:00Z',
        '--public-key',
        'k.pem',
        '--format',
        'csv',
      ]),
    ).toMatchObject({ period: { from: '2026-03-01T00:00:00Z', to: '2026-03-08T00:00:00Z' }, format: 'csv' });
  });

  it('reads --org OWNER as every repository of that account', () => {
    expect(
      parseCliArgs(['report', '--org', 'acme', '--period', '2026-03', '--public-key', 'k.pem']),
    ).toMatchObject({ action: 'report', scope: { kind: 'owner', owner: 'acme' } });
  });

  it.each([
    [['report', '--period', '2026-03', '--public-key', 'k.pem'], 'report needs --repo OWNER/NAME'],
    [['report', '--repo', 'a/b', '--org', 'a', '--period', '2026-03', '--public-key', 'k.pem'], 'not both'],
    [
      ['report', '--org', 'a/b', '--period', '2026-03', '--public-key', 'k.pem'],
      '--org must be an organization',
    ],
    [['doctor', '--repo', 'a/b', '--org', 'a'], '--org is an option of report'],
    [['report', '--repo', 'a/b', '--public-key', 'k.pem'], 'report needs --period YYYY-MM'],
    [['report', '--repo', 'a/b', '--period', '2026-13', '--public-key', 'k.pem'], 'is not a month'],
    [
      [
        'report',
        '--repo',
        'a/b',
        '--from',
        '2026-03-08T00:00:00Z',
        '--to',
        '2026-03-01T00:00:00Z',
        '--public-key',
        'k.pem',
      ],
      'is not a range',
    ],
    [
      [
        'report',
        '--repo',
        'a/b',
        '--period',
        '2026-03',
        '--from',
        '2026-03-01T00:00:00Z',
        '--public-key',
        'k.pem',
      ],
      'not both',
    ],
    [['report', '--repo', 'a/b', '--period', '2026-03'], 'report needs --public-key FILE'],
    [
      ['report', '--repo', 'a/b', '--period', '2026-03', '--public-key', 'k.pem', '--format', 'text'],
      'must be markdown, json, csv or html',
    ],
    [
      ['report', '--repo', 'a/b', '--period', '2026-03', '--public-key', 'k.pem', '--output', ''],
      '--output needs a FILE',
    ],
    [['validate', 'x.yml', '--output', 'y'], '--output is an option of report'],
    [
      ['history', '--repo', 'a/b', '--number', '1', '--public-key', 'k.pem', '--period', '2026-03'],
      '--period is an option of report',
    ],
  ])('%j is a usage error', (argv, message) => {
    const parsed = parseCliArgs(argv as string[]);
    expect(parsed.action).toBe('usage-error');
    expect((parsed as { message: string }).message).toContain(message);
  });
});
