import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createGitHubSimulator } from '../../sandbox/github-sim/index.ts';
import { LABEL_STYLES } from '../../src/core/decision/change-status.ts';
import { runCliProcess } from '../support/run-cli-process.ts';

const labels = (args: string[], env: Record<string, string>) => runCliProcess(['labels', ...args], env);

/** `change-gate labels` styles a repository's status labels once, against the simulator (OpenAPI-checked). */
describe('change-gate labels against the simulator', () => {
  const sim = createGitHubSimulator({ openapi: true });
  let env: Record<string, string>;
  let token = '';

  const api = async (method: string, path: string, body?: unknown) => {
    const response = await fetch(`${sim.apiUrl}${path}`, {
      method,
      headers: { authorization: `token ${token}`, 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    return (await response.json()) as unknown;
  };
  const colours = async (repo: string) =>
    Object.fromEntries(
      (
        (await api('GET', `/repos/${repo}/labels?per_page=100`)) as Array<{ name: string; color: string }>
      ).map((label) => [label.name, label.color]),
    );

  beforeAll(async () => {
    await sim.start();
    const admin = sim.createUser({ login: 'admin' });
    token = admin.token;
    sim.createOrg({ login: 'acme', members: ['admin'] });
    env = { GITHUB_TOKEN: admin.token, GITHUB_API_URL: sim.apiUrl };
  });
  afterEach(() => sim.assertNoViolations());
  afterAll(() => sim.stop());

  it('creates the missing status labels, colours the grey ones, leaves chosen colours, and is idempotent', async () => {
    sim.createRepo({ owner: 'acme', name: 'shop' });
    // What a change labelled before the app styled anything leaves: GitHub's grey; and a colour a person chose.
    await api('POST', '/repos/acme/shop/labels', { name: 'change:approved', color: 'ededed' });
    await api('POST', '/repos/acme/shop/labels', { name: 'change:rejected', color: '123456' });

    const first = await labels(['--repo', 'acme/shop'], env);
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    expect(first.stdout).toContain('change:approved coloured');
    expect(first.stdout).toContain('change:pending-approval created');
    expect(first.stdout).not.toContain('change:rejected');
    const after = await colours('acme/shop');
    for (const [name, style] of Object.entries(LABEL_STYLES)) {
      expect(after[name], name).toBe(name === 'change:rejected' ? '123456' : style.color);
    }

    const again = await labels(['--repo', 'acme/shop'], env);
    expect(again).toEqual({
      code: 0,
      stdout: 'acme/shop: every status label already has its colour\n',
      stderr: '',
    });
  });

  it('says why and exits 2 when the repository cannot be read', async () => {
    const result = await labels(['--repo', 'acme/missing'], env);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^change-gate labels: cannot style the labels of acme\/missing: /);
  });
});
