import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { codeownersOf } from '../../../../src/core/doctor/codeowners-covers.ts';
import { judgeEnforcement, REQUIRED_PERMISSIONS } from '../../../../src/core/doctor/judge-enforcement.ts';
import type { RepositoryFacts } from '../../../../src/core/doctor/repository-facts.ts';

const read = <T>(value: T) => ({ read: true as const, value });
const unread = { read: false as const, reason: 'GitHub answered HTTP 403: Resource not accessible' };

function facts(overrides: Partial<RepositoryFacts> = {}): RepositoryFacts {
  return {
    repository: 'acme/web',
    defaultBranch: 'main',
    app: { slug: 'change-gate', id: 7 },
    configText: read('change_management:\n  check_name: Gate\n'),
    rulesets: read({ requiredChecks: [{ context: 'Gate', appId: 7 }], restrictedFilePaths: [] }),
    branchProtection: read(null),
    codeowners: read({ path: 'CODEOWNERS', text: '/.github/change-management.yml @acme/cm\n' }),
    environments: read([{ name: 'production', protectionApps: [{ id: 7, slug: 'change-gate' }] }]),
    workflows: read([]),
    installationPermissions: read({ ...REQUIRED_PERMISSIONS, checks: 'write', members: 'read' }),
    ...overrides,
  };
}

const ok = (input: RepositoryFacts) =>
  Object.fromEntries(judgeEnforcement(input).map((item) => [item.id, item.ok]));

describe('judgeEnforcement', () => {
  it('passes every item of a set-up repository, reading the check name from its config', () => {
    expect(ok(facts())).toEqual({
      config: true,
      'required-check': true,
      'config-protected': true,
      'deploy-gate': true,
      'app-permissions': true,
    });
    // The default check name is not the one this config requires.
    expect(ok(facts({ configText: read(null) }))['required-check']).toBe(false);
  });

  it('refuses a check pinned to another app, and an invalid config', () => {
    expect(
      ok(
        facts({
          rulesets: read({ requiredChecks: [{ context: 'Gate', appId: 8 }], restrictedFilePaths: [] }),
        }),
      )['required-check'],
    ).toBe(false);
    const invalid = judgeEnforcement(facts({ configText: read('change_management:\n  label: 42\n') }));
    expect(invalid[0]).toMatchObject({
      ok: false,
      detail: expect.stringContaining('2:10: label: expected a string'),
    });
  });

  it('reports what it could not read as unchecked, never as missing', () => {
    const items = ok(
      facts({
        rulesets: unread,
        branchProtection: unread,
        codeowners: unread,
        installationPermissions: unread,
      }),
    );
    expect(items).toMatchObject({
      'required-check': null,
      'config-protected': null,
      'app-permissions': null,
    });
    // One readable source that requires nothing is enough to call the check missing.
    expect(ok(facts({ rulesets: unread }))['required-check']).toBe(false);
  });

  it('names the permissions an installation lacks, and a missing installation', () => {
    const lacking = judgeEnforcement(
      facts({ installationPermissions: read({ ...REQUIRED_PERMISSIONS, checks: 'read' }) }),
    );
    expect(lacking[4]).toMatchObject({
      ok: false,
      detail: 'the installation lacks checks: write (has read)',
    });
    expect(ok(facts({ installationPermissions: read(null) }))['app-permissions']).toBe(false);
  });

  it('accepts a ruleset restricting the config in place of CODEOWNERS', () => {
    const restricted = facts({
      codeowners: read(null),
      rulesets: read({
        requiredChecks: [{ context: 'Gate', appId: 7 }],
        restrictedFilePaths: ['.github/**'],
      }),
    });
    expect(ok(restricted)['config-protected']).toBe(true);
    expect(ok(facts({ codeowners: read(null) }))['config-protected']).toBe(false);
  });
});

describe('codeownersOf', () => {
  it('follows GitHub: the last matching line wins, unanchored names match at any depth, a trailing / covers a directory', () => {
    const path = '.github/change-management.yml';
    expect(codeownersOf('* @all\n', path)).toEqual(['@all']);
    expect(codeownersOf('/.github/ @cm\n*.md @docs\n', path)).toEqual(['@cm']);
    expect(codeownersOf('change-management.yml @cm\n', path)).toEqual(['@cm']);
    expect(
      codeownersOf('/.github/change-management.yml @cm\n/.github/change-management.yml\n', path),
    ).toEqual([]);
    expect(codeownersOf('/docs/ @docs\n# /.github/ @cm\n', path)).toEqual([]);
    expect(codeownersOf('/.github/*.yml @cm # the config\n', path)).toEqual(['@cm']);
  });
});

describe('REQUIRED_PERMISSIONS', () => {
  it("are app.yml's default_permissions, so doctor asks for what the app registers with", () => {
    const manifest = parse(readFileSync(new URL('../../../../app.yml', import.meta.url), 'utf8'));
    expect(REQUIRED_PERMISSIONS).toEqual(manifest.default_permissions);
  });
});
