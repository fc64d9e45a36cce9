import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { NAME, OWNER, REPO, type Seeded, startSeededSimulator } from './support/seeded-simulator.ts';

describe('simulator pagination and conditional requests', () => {
  let s: Seeded;
  let number: number;
  beforeAll(async () => {
    s = await startSeededSimulator();
    ({ number } = await s.sim.as('dev').createIssue({ repo: REPO, title: 'Many comments' }));
    for (let i = 1; i <= 7; i++) await s.sim.as('dev').comment({ repo: REPO, number, body: `comment ${i}` });
  });
  afterAll(() => s.stop());
  afterEach(() => s.sim.assertNoViolations());

  it('formats Link headers as GitHub does: prev, next, last, first, every other parameter kept', async () => {
    const page = (n: number) =>
      s.appOctokit.issues.listComments({
        owner: OWNER,
        repo: NAME,
        issue_number: number,
        per_page: 3,
        page: n,
      });
    const base = `${s.sim.apiUrl}/repos/${OWNER}/${NAME}/issues/${number}/comments?per_page=3`;
    const first = await page(1);
    expect(first.data.map((c) => c.body)).toEqual(['comment 1', 'comment 2', 'comment 3']);
    expect(first.headers.link).toBe(`<${base}&page=2>; rel="next", <${base}&page=3>; rel="last"`);
    const middle = await page(2);
    expect(middle.headers.link).toBe(
      `<${base}&page=1>; rel="prev", <${base}&page=3>; rel="next", <${base}&page=3>; rel="last", <${base}&page=1>; rel="first"`,
    );
    const last = await page(3);
    expect(last.data.map((c) => c.body)).toEqual(['comment 7']);
    expect(last.headers.link).toBe(`<${base}&page=2>; rel="prev", <${base}&page=1>; rel="first"`);
  });

  it('lets octokit.paginate read every page, in order', async () => {
    const all = await s.appOctokit.paginate(s.appOctokit.issues.listComments, {
      owner: OWNER,
      repo: NAME,
      issue_number: number,
      per_page: 2,
    });
    expect(all.map((c) => c.body)).toEqual([1, 2, 3, 4, 5, 6, 7].map((i) => `comment ${i}`));
  });

  it('rejects a non-numeric page with 422', async () => {
    const response = await fetch(`${s.sim.apiUrl}/repos/${REPO}/issues/${number}/comments?page=abc`, {
      headers: { authorization: `token ${s.users.dev.token}` },
    });
    expect(response.status).toBe(422);
    expect(await response.json()).toMatchObject({ message: 'Validation Failed' });
  });

  it('answers If-None-Match with 304 and an empty body until the resource changes', async () => {
    const url = `${s.sim.apiUrl}/orgs/${OWNER}/teams/security-team/members`;
    const headers = { authorization: `token ${s.users.dev.token}` };
    const first = await fetch(url, { headers });
    const etag = first.headers.get('etag');
    expect(etag).toMatch(/^W\/"[0-9a-f]{64}"$/);
    const again = await fetch(url, { headers: { ...headers, 'if-none-match': etag! } });
    expect(again.status).toBe(304);
    expect(await again.text()).toBe('');
    s.sim.addTeamMember({ org: OWNER, team: 'security-team', user: 'eng-manager' });
    const changed = await fetch(url, { headers: { ...headers, 'if-none-match': etag! } });
    expect(changed.status).toBe(200);
    expect(((await changed.json()) as Array<{ login: string }>).map((m) => m.login)).toContain('eng-manager');
  });

  it('surfaces 304 to Octokit as GitHub does (a RequestError with status 304)', async () => {
    const first = await s.appOctokit.teams.listMembersInOrg({ org: OWNER, team_slug: 'engineering-manager' });
    const error = await s.appOctokit.teams
      .listMembersInOrg({
        org: OWNER,
        team_slug: 'engineering-manager',
        headers: { 'if-none-match': first.headers.etag! },
      })
      .catch((e: { status: number }) => e);
    expect(error).toMatchObject({ status: 304 });
  });
});
