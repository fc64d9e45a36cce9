import { Octokit } from '@octokit/rest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createGitHubSimulator } from '../../sandbox/github-sim/index.ts';
import { NAME, OWNER, type Seeded, startSeededSimulator } from './support/seeded-simulator.ts';

describe('simulator fidelity against GitHub’s descriptions', () => {
  let s: Seeded;
  beforeAll(async () => {
    s = await startSeededSimulator();
  });
  afterAll(() => s.stop());

  it('records a request body that GitHub’s OpenAPI description refuses, with method, path and reason', async () => {
    s.sim.clearViolations();
    const { number } = await s.sim.as('dev').createIssue({ repo: 'acme/payments', title: 'x' });
    await s.appOctokit
      .request('POST /repos/{owner}/{repo}/issues/{issue_number}/labels', {
        owner: OWNER,
        repo: NAME,
        issue_number: number,
        labels: [42] as unknown as string[],
      })
      .catch(() => undefined);
    expect(s.sim.violations).toEqual([
      expect.objectContaining({
        kind: 'request',
        method: 'POST',
        path: `/repos/acme/payments/issues/${number}/labels`,
        template: '/repos/{owner}/{repo}/issues/{issue_number}/labels',
        reason: expect.stringContaining('/labels/0 must be'),
      }),
    ]);
  });

  it('throws a readable list from assertNoViolations, then starts clean', () => {
    expect(() => s.sim.assertNoViolations()).toThrow(
      /1 fidelity violation\(s\)[\s\S]*\[request\] POST \/repos\/acme\/payments\/issues\/\d+\/labels/,
    );
    expect(s.sim.violations).toEqual([]);
    expect(() => s.sim.assertNoViolations()).not.toThrow();
  });

  it('records a route GitHub does not have as the client’s fault, and a real route the simulator lacks as its own', async () => {
    const invented = await s.appOctokit
      .request('GET /repos/{owner}/{repo}/approvals', { owner: OWNER, repo: NAME })
      .catch((e: { status: number }) => e);
    const unimplemented = await s.appOctokit.repos
      .listForOrg({ org: OWNER })
      .catch((e: { status: number }) => e);
    expect([invented, unimplemented]).toMatchObject([{ status: 404 }, { status: 404 }]);
    expect(s.sim.violations.map((v) => [v.kind, v.template])).toEqual([
      ['request', undefined],
      ['simulator', '/orgs/{org}/repos'],
    ]);
    s.sim.clearViolations();
  });

  it('names a non-null GraphQL field the simulator does not implement, as a simulator violation', async () => {
    const error = await s.appOctokit
      .graphql('query { repository(owner: "acme", name: "payments") { stargazerCount } }')
      .catch((e: Error) => e);
    expect(String(error)).toMatch(/does not implement the non-null field Repository\.stargazerCount/);
    expect(s.sim.violations).toEqual([
      expect.objectContaining({
        kind: 'simulator',
        reason: expect.stringContaining('Repository.stargazerCount'),
      }),
    ]);
    s.sim.clearViolations();
  });

  it('answers a malformed JSON body with 400 "Problems parsing JSON"', async () => {
    const response = await fetch(`${s.sim.apiUrl}/repos/${OWNER}/${NAME}/issues`, {
      method: 'POST',
      headers: { authorization: `token ${s.users.dev.token}`, 'content-type': 'application/json' },
      body: '{"title": ',
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ message: 'Problems parsing JSON' });
  });

  it('checks nothing when OpenAPI fidelity is off', async () => {
    const sim = createGitHubSimulator();
    await sim.start();
    try {
      const user = sim.createUser({ login: 'u' });
      // Octokit's request log would print the expected 404 to stderr: silenced.
      const silent = { debug() {}, info() {}, warn() {}, error() {} };
      await new Octokit({ auth: user.token, baseUrl: sim.apiUrl, log: silent })
        .request('GET /nowhere')
        .catch(() => undefined);
      expect(sim.violations).toEqual([]);
      expect(sim.requestLog.map((r) => [r.path, r.status])).toEqual([['/nowhere', 404]]);
    } finally {
      await sim.stop();
    }
  });
});
