import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createGitHubSimulator } from '../../sandbox/github-sim/index.ts';
import { runCliProcess } from '../support/run-cli-process.ts';

const CONFIG = 'change_management:\n  production_environments: [production]\n';

const doctor = (args: string[], env: Record<string, string>) => runCliProcess(['doctor', ...args], env);

describe('change-gate doctor against the simulator', () => {
  const sim = createGitHubSimulator({ openapi: true });
  let env: Record<string, string>;
  let appId: number;

  beforeAll(async () => {
    await sim.start();
    const admin = sim.createUser({ login: 'admin' });
    sim.createOrg({ login: 'acme', members: ['admin'] });
    appId = sim.registerApp({ slug: 'change-gate', permissions: { checks: 'write', metadata: 'read' } }).id;
    sim.registerApp({ slug: 'other-ci', permissions: { checks: 'write', metadata: 'read' } });
    sim.installApp({ app: 'change-gate', account: 'acme' });
    env = { GITHUB_TOKEN: admin.token, GITHUB_API_URL: sim.apiUrl };
  });
  afterEach(() => sim.assertNoViolations());
  afterAll(() => sim.stop());

  it('reports each missing item for a bare repository and exits 1', async () => {
    sim.createRepo({ owner: 'acme', name: 'bare' });
    const result = await doctor(['--repo', 'acme/bare', '--format', 'json'], env);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(1);
    const output = JSON.parse(result.stdout);
    const byId = Object.fromEntries(output.items.map((item: { id: string }) => [item.id, item]));
    expect(byId.config).toMatchObject({
      ok: false,
      detail: expect.stringContaining('no .github/change-management.yml'),
    });
    expect(byId['required-check']).toMatchObject({
      ok: false,
      detail: expect.stringContaining(
        'no active ruleset on main requires the check "Change Gate", nor any branch protection',
      ),
      fix: expect.stringContaining(`change-gate (app id ${appId})`),
    });
    expect(byId['config-protected']).toMatchObject({
      ok: false,
      detail: expect.stringContaining('no CODEOWNERS'),
    });
    expect(byId['deploy-gate']).toMatchObject({
      ok: false,
      detail: expect.stringContaining('production (no such environment)'),
    });
    // A user token cannot read the app's installation: said, not counted as missing.
    expect(byId['app-permissions']).toMatchObject({
      ok: null,
      detail: expect.stringContaining('could not be read'),
    });
    expect(output.summary).toEqual({ ok: 0, missing: 4, unchecked: 1 });

    const text = await doctor(['--repo', 'acme/bare'], env);
    expect(text.code).toBe(1);
    expect(text.stdout.split('\n').filter((line) => line.startsWith('✗'))).toHaveLength(4);
    expect(text.stdout).toContain('4 missing, 1 could not be checked');
  });

  it('reports nothing missing for a fully set-up repository and exits 0', async () => {
    sim.createRepo({
      owner: 'acme',
      name: 'ready',
      files: {
        '.github/change-management.yml': CONFIG,
        '.github/CODEOWNERS': '* @acme/developers\n/.github/change-management.yml @acme/change-managers\n',
      },
    });
    sim.createRuleset({
      repo: 'acme/ready',
      name: 'change gate',
      requiredChecks: [{ context: 'Change Gate', app: 'change-gate' }],
    });
    sim.createEnvironment({ repo: 'acme/ready', name: 'production', protectionRuleApps: ['change-gate'] });
    const result = await doctor(['--repo', 'acme/ready'], env);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout.split('\n').filter((line) => line.startsWith('✓'))).toEqual([
      '✓ config valid on the default branch: .github/change-management.yml on main is valid',
      `✓ the Change Gate check required on the default branch, pinned to the app: a ruleset on main requires "Change Gate" from change-gate (app id ${appId})`,
      '✓ the config protected (CODEOWNERS or a ruleset): .github/CODEOWNERS gives .github/change-management.yml to @acme/change-managers',
      '✓ production deploys gated (protection rule or the action): the protection rule of change-gate guards production',
    ]);
    expect(result.stdout).not.toContain('✗');
    expect(result.stdout).toContain('Nothing missing (1 could not be checked with this token).');
  });

  it('refuses a required check any app could satisfy, accepts branch protection pinned to the app and a deploy workflow calling the action', async () => {
    sim.createRepo({
      owner: 'acme',
      name: 'partial',
      files: {
        '.github/change-management.yml': CONFIG,
        '.github/CODEOWNERS': '/.github/ @acme/change-managers\n',
        '.github/workflows/deploy.yml':
          'on: push\njobs:\n  deploy:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: acme/change-gate/action@v1\n        with: { command: gate, environment: production }\n',
      },
    });
    sim.createRuleset({
      repo: 'acme/partial',
      name: 'any source',
      requiredChecks: [{ context: 'Change Gate' }],
    });
    const unpinned = JSON.parse((await doctor(['--repo', 'acme/partial', '--format', 'json'], env)).stdout);
    const item = (id: string) => unpinned.items.find((candidate: { id: string }) => candidate.id === id);
    expect(item('required-check')).toMatchObject({
      ok: false,
      detail:
        'a ruleset requires "Change Gate" from any source: any app or status named "Change Gate" could satisfy it',
    });
    expect(item('config-protected')).toMatchObject({ ok: true });
    expect(item('deploy-gate')).toMatchObject({
      ok: true,
      detail: expect.stringContaining('.github/workflows/deploy.yml call the action'),
    });

    sim.protectBranch({
      repo: 'acme/partial',
      branch: 'main',
      requiredChecks: [{ context: 'Change Gate', app: 'change-gate' }],
    });
    const pinned = await doctor(['--repo', 'acme/partial'], env);
    expect(pinned.code).toBe(0);
    expect(pinned.stdout).toContain(
      `✓ the Change Gate check required on the default branch, pinned to the app: branch protection on main requires "Change Gate" from change-gate (app id ${appId})`,
    );
  });

  it('pins to the app named by --app-slug, and says so when no app has that slug', async () => {
    sim.createRepo({ owner: 'acme', name: 'other', files: { '.github/change-management.yml': CONFIG } });
    sim.createRuleset({
      repo: 'acme/other',
      name: 'x',
      requiredChecks: [{ context: 'Change Gate', app: 'change-gate' }],
    });
    const other = JSON.parse(
      (await doctor(['--repo', 'acme/other', '--app-slug', 'other-ci', '--format', 'json'], env)).stdout,
    );
    expect(other.items[1]).toMatchObject({
      id: 'required-check',
      ok: false,
      detail: expect.stringContaining(`from app id ${appId}`),
    });
    const none = JSON.parse(
      (await doctor(['--repo', 'acme/other', '--app-slug', 'no-such-app', '--format', 'json'], env)).stdout,
    );
    expect(none.items[1]).toMatchObject({
      ok: false,
      detail: 'the app no-such-app was not found, so no requirement can be pinned to it',
    });
  });

  it('exits 2 without a token, and when the repository cannot be read', async () => {
    const noToken = await doctor(['--repo', 'acme/bare'], { GITHUB_API_URL: sim.apiUrl });
    expect(noToken).toMatchObject({ code: 2, stdout: '' });
    expect(noToken.stderr).toContain('set GITHUB_TOKEN or GH_TOKEN');
    const missing = await doctor(['--repo', 'acme/nowhere'], env);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('change-gate doctor: cannot read acme/nowhere');
  });
});
