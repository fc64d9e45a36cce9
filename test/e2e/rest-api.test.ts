import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { nextGitHubSecond } from '../../sandbox/harness/next-github-second.ts';
import { SEED_CONFIG_YAML } from '../../sandbox/seed-org.ts';
import { type ApiAnswer, callApi } from './support/api-client.ts';
import { startOidcIssuer } from './support/oidc-issuer.ts';
import { useE2E } from './support/use-e2e.ts';

const BASE = '/api/v1/change-management';
const RATE = 60;

/** Every person has a personal token; roles are teams of one, as in the procedure. */
const PEOPLE = ['dana', 'sam', 'lee', 'erin', 'carl', 'mallory', 'olive', 'spammer'] as const;
const tokenOf = (login: string): string => `ghp_${login.padEnd(36, '0')}`;
const TEAMS: Record<string, string> = {
  'security-team': 'sam',
  'security-team-lead': 'lee',
  'engineering-manager': 'erin',
  'change-manager': 'carl',
};
const REPOS = ['procedure', 'attack', 'emergency', 'errors', 'oidc', 'pr'];

/** The procedure's "Create Change Request" body, plus the repository and what its approval criteria need. */
const PROCEDURE_CREATE = {
  title: 'Implement MFA for Admin Access',
  description: 'Add multi-factor authentication requirement',
  change_type: 'security_enhancement',
  priority: 'high',
  affected_systems: ['authentication-service', 'admin-ui'],
  testing_required: true,
  test_plan: 'Test MFA enrollment and login flow',
};
const CRITERIA = { rollback_plan: 'Disable MFA requirement via configuration', test_environment: 'staging' };
const LOW = {
  title: 'Rotate the session key',
  description: 'Routine rotation',
  change_type: 'configuration',
  priority: 'low',
  affected_systems: ['auth'],
  rollback_plan: 'Restore the previous key',
};

let oidc: Awaited<ReturnType<typeof startOidcIssuer>>;
beforeAll(async () => {
  oidc = await startOidcIssuer();
});
afterAll(async () => {
  await oidc?.stop();
});

describe('the REST API, end to end against the simulator', () => {
  const e2e = useE2E({
    seed: (sim) => {
      for (const login of PEOPLE) sim.createUser({ login, token: tokenOf(login) });
      for (const [slug, member] of Object.entries(TEAMS))
        sim.createTeam({ org: 'acme', slug, members: [member] });
      for (const name of REPOS) {
        sim.createRepo({
          owner: 'acme',
          name,
          files: { '.github/change-management.yml': SEED_CONFIG_YAML, 'src/auth.ts': 'export {};\n' },
        });
        for (const login of ['dana', 'carl', 'olive', 'sam', 'erin', 'lee'])
          sim.addCollaborator({ repo: `acme/${name}`, user: login, role: 'write' });
        sim.addCollaborator({ repo: `acme/${name}`, user: 'mallory', role: 'read' });
        sim.addCollaborator({ repo: `acme/${name}`, user: 'spammer', role: 'read' });
      }
    },
    env: () => ({
      CHANGE_GATE_OIDC_ISSUER: oidc.issuer,
      CHANGE_GATE_OIDC_AUDIENCE: 'change-gate',
      CHANGE_GATE_API_RATE_LIMIT: `${RATE}/1m`,
    }),
  });

  const api = async (
    login: string | null,
    method: 'GET' | 'POST',
    path: string,
    body?: unknown,
    token?: string,
  ): Promise<ApiAnswer> => {
    const answer = await callApi({
      appUrl: e2e.appUrl,
      method,
      path: `${BASE}${path}`,
      ...(token ? { token } : login ? { token: tokenOf(login) } : {}),
      ...(body === undefined ? {} : { body }),
    });
    await e2e.sim.settle();
    return answer;
  };

  const appComments = (repo: string, number: number) =>
    e2e.sim.read.comments({ repo, number }).filter((comment) => comment.user?.login === 'change-gate[bot]');
  const events = (
    repo: string,
    number: number,
  ): Array<{ event: string; actor: string; data: Record<string, unknown> }> =>
    appComments(repo, number).flatMap((comment) => {
      return [...(comment.body ?? '').matchAll(/<!-- change-gate:history v1 (\S+) -->/g)].map(
        (match) => JSON.parse(Buffer.from(match[1] ?? '', 'base64url').toString('utf8')).entry,
      );
    });
  const statusLabels = (repo: string, number: number) =>
    e2e.sim.read.labels({ repo, number }).filter((label) => label.startsWith('change:'));

  const create = async (login: string, repository: string, body: Record<string, unknown>) => {
    const answer = await api(login, 'POST', '/change-requests', { ...body, repository });
    expect(answer.status, JSON.stringify(answer.body)).toBe(201);
    return { id: answer.body.change_request_id as string, number: answer.body.number as number, answer };
  };

  test("the procedure's four calls in order: create, approve, implement, complete; GitHub agrees", async () => {
    const repo = 'acme/procedure';
    const created = await create('dana', repo, { ...PROCEDURE_CREATE, ...CRITERIA });
    expect(created.answer.body).toMatchObject({
      change_request_id: expect.stringMatching(/^CHG-\d{4}-\d{3}$/),
      status: 'pending_approval',
      approvers: ['security-team', 'engineering-manager', 'change-manager'],
      estimated_approval_time: '24h',
      requester: 'dana',
    });
    const { id, number } = created;
    const issue = e2e.sim.read.issue({ repo, number });
    expect(issue.user?.login).toBe('change-gate[bot]');
    expect(issue.labels?.map((label) => (typeof label === 'string' ? label : label.name))).toContain(
      'change',
    );
    expect(statusLabels(repo, number)).toEqual(['change:pending-approval']);
    expect(events(repo, number).map((entry) => [entry.event, entry.actor])).toEqual([
      ['requested', 'dana'],
      ['submitted', expect.any(String)],
    ]);

    const approval = {
      approved: true,
      comments: 'Approved - security enhancement aligns with compliance requirements',
      conditions: ['MFA must be tested in staging before production'],
    };
    const q = `?repository=${repo}`;
    const bySam = await api('sam', 'POST', `/change-requests/${id}/approve${q}`, approval);
    expect(bySam.status).toBe(200);
    expect(bySam.body).toMatchObject({
      change_request_id: id,
      status: 'pending_approval',
      approved_by: 'sam',
      next_step: 'approval',
      roles: ['security-team'],
      missing_roles: ['engineering-manager', 'change-manager'],
    });
    await api('erin', 'POST', `/change-requests/${id}/approve${q}`, approval);
    const byCarl = await api('carl', 'POST', `/change-requests/${id}/approve${q}`, approval);
    expect(byCarl.body).toMatchObject({
      change_request_id: id,
      status: 'approved',
      approved_by: 'carl',
      approved_at: expect.any(String),
      next_step: 'implementation',
    });
    expect(statusLabels(repo, number)).toEqual(['change:approved']);

    const implemented = await api('dana', 'POST', `/change-requests/${id}/implement${q}`, {
      implementation_plan: 'Deploy to staging, test, then production',
      scheduled_time: '2025-01-28T02:00:00Z',
      maintenance_window: true,
    });
    expect(implemented.status, JSON.stringify(implemented.body)).toBe(200);
    expect(implemented.body).toMatchObject({
      change_request_id: id,
      status: 'implementing',
      implementation_started: '2025-01-28T02:00:00.000Z',
      estimated_completion: '2025-01-28T04:00:00.000Z',
    });
    expect(statusLabels(repo, number)).toEqual(['change:implementing']);

    const completed = await api('dana', 'POST', `/change-requests/${id}/complete${q}`, {
      status: 'completed',
      test_results: 'All tests passed',
      post_implementation_review: 'Change successfully implemented, no issues detected',
    });
    expect(completed.status).toBe(200);
    expect(completed.body).toMatchObject({
      change_request_id: id,
      status: 'completed',
      completed_at: expect.any(String),
      next_review: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/),
    });
    expect(statusLabels(repo, number)).toEqual(['change:completed']);

    // The signed history in GitHub, and the API's Change History, tell the same story.
    expect(events(repo, number).map((entry) => entry.event)).toEqual([
      'requested',
      'submitted',
      'voted',
      'voted',
      'voted',
      'approved',
      'implementing',
      'completed',
    ]);
    const history = await api('mallory', 'GET', `/change-requests/${id}/history${q}`);
    expect(history.status).toBe(200);
    expect(history.body.change_id).toBe(id);
    expect(history.body.verified).toBe(true);
    expect(
      history.body.history.map((item: { action: string; user: string }) => [item.action, item.user]),
    ).toEqual([
      ['requested', 'dana'],
      ['created', expect.any(String)],
      ['voted', 'sam'],
      ['voted', 'erin'],
      ['voted', 'carl'],
      ['approved', 'carl'],
      ['implemented', 'dana'],
      ['completed', 'dana'],
    ]);
    const view = await api('mallory', 'GET', `/change-requests/${id}${q}`);
    expect(view.body).toMatchObject({ status: 'completed', requester: 'dana', priority: 'high' });

    const list = await api('dana', 'GET', `/change-requests?repository=${repo}&status=completed`);
    expect(
      list.body.change_requests.map((change: { change_request_id: string }) => change.change_request_id),
    ).toEqual([id]);
    const period = new Date().toISOString().slice(0, 7);
    const report = await api('dana', 'GET', `/reports?period=${period}&repository=${repo}`);
    expect(report.status).toBe(200);
    expect(report.body).toMatchObject({
      report_period: period,
      total_changes: 1,
      by_status: { completed: 1 },
    });
  }, 120_000);

  test('the requester can never approve their own change (the issue is the app’s), by API or by /approve', async () => {
    const repo = 'acme/attack';
    // carl holds change-manager, the only role a low-priority change needs.
    const { id, number } = await create('carl', repo, LOW);
    const self = await api('carl', 'POST', `/change-requests/${id}/approve?repository=${repo}`, {
      approved: true,
    });
    expect(self.status).toBe(403);
    // The issue's GitHub author is the app: the recorded requester is the change's author.
    expect(self.body.rule).toBe('author');
    expect(self.body.detail).toMatch(/@carl is the author of the change/);
    expect(events(repo, number).map((entry) => entry.event)).not.toContain('voted');

    await e2e.sim.as('carl').comment({ repo, number, body: '/approve' });
    await e2e.sim.settle();
    expect(statusLabels(repo, number)).toEqual(['change:pending-approval']);
    const view = await api('carl', 'GET', `/change-requests/${id}?repository=${repo}`);
    expect(view.body).toMatchObject({
      status: 'pending_approval',
      requester: 'carl',
      approved_by: { 'change-manager': [] },
    });
  }, 90_000);

  test('a non-member is refused naming the rule; a member counts for their role only; a push voids it', async () => {
    const repo = 'acme/pr';
    const pr = await e2e.sim.as('dana').openPullRequest({
      repo,
      title: 'MFA',
      body: 'Adds MFA.',
      head: 'mfa',
      files: { 'src/auth.ts': 'export const mfa = true;\n' },
    });
    const { id } = await create('olive', repo, { ...PROCEDURE_CREATE, ...CRITERIA, pull_request: pr.number });
    const check = () =>
      e2e.sim.read
        .checkRuns({ repo, ref: e2e.sim.read.pullRequest({ repo, number: pr.number }).head.sha })
        .filter((run) => run.name === 'Change Gate')
        .at(-1);
    expect(check()?.conclusion).not.toBe('success');

    const outsider = await api('mallory', 'POST', `/change-requests/${id}/approve?repository=${repo}`, {
      approved: true,
    });
    expect(outsider.status).toBe(403);
    expect(outsider.body).toMatchObject({ rule: 'not_a_holder' });
    expect(outsider.body.detail).toMatch(/holds none of the required roles/);
    // dana authored the pull request, olive filed the form: neither approves.
    const author = await api('dana', 'POST', `/change-requests/${id}/approve?repository=${repo}`, {
      approved: true,
    });
    expect(author.status).toBe(403);
    expect(author.body.rule).toBe('author');
    const filer = await api('olive', 'POST', `/change-requests/${id}/approve?repository=${repo}`, {
      approved: true,
    });
    expect(filer.body.rule).toBe('excluded');

    const bySam = await api('sam', 'POST', `/change-requests/${id}/approve?repository=${repo}`, {
      approved: true,
    });
    expect(bySam.body).toMatchObject({ status: 'pending_approval', roles: ['security-team'] });
    const view = await api('sam', 'GET', `/change-requests/${id}?repository=${repo}`);
    expect(view.body.approved_by).toEqual({
      'security-team': ['sam'],
      'engineering-manager': [],
      'change-manager': [],
    });

    // A new commit: sam's API approval was bound to the old head, so it no longer counts (no replay).
    await e2e.sim.as('dana').pushCommit({ repo, branch: 'mfa', files: { 'src/auth.ts': '// v2\n' } });
    await e2e.sim.settle();
    const after = await api('sam', 'GET', `/change-requests/${id}?repository=${repo}`);
    expect(after.body.approved_by['security-team']).toEqual([]);
    await api('erin', 'POST', `/change-requests/${id}/approve?repository=${repo}`, { approved: true });
    await api('carl', 'POST', `/change-requests/${id}/approve?repository=${repo}`, { approved: true });
    expect(check()?.conclusion).not.toBe('success');
    const again = await api('sam', 'POST', `/change-requests/${id}/approve?repository=${repo}`, {
      approved: true,
    });
    expect(again.body).toMatchObject({ status: 'approved', next_step: 'implementation' });
    expect(check()?.conclusion).toBe('success');
  }, 120_000);

  test('every error class: 400, 401, 403, 404, 409, 413, 422, 429', async () => {
    const repo = 'acme/errors';
    const { id, number } = await create('dana', repo, LOW);
    const q = `?repository=${repo}`;

    // 401: no token, a token GitHub does not know, a header that is not Bearer.
    expect((await api(null, 'GET', `/change-requests/${id}${q}`)).status).toBe(401);
    expect((await api(null, 'GET', `/change-requests/${id}${q}`, undefined, 'ghp_nobody0000')).status).toBe(
      401,
    );
    // 400: a malformed change ID, no repository, a body that is not JSON.
    const badId = await api('dana', 'GET', `/change-requests/CHG-12${q}`);
    expect(badId.status).toBe(400);
    expect(badId.body.errors).toEqual([{ pointer: '/change_id', message: expect.any(String) }]);
    expect((await api('dana', 'GET', `/change-requests/${id}`)).status).toBe(400);
    const notJson = await callApi({
      appUrl: e2e.appUrl,
      method: 'POST',
      path: `${BASE}/change-requests/${id}/approve${q}`,
      token: tokenOf('carl'),
      rawBody: '{"approved": tru',
    });
    expect(notJson.status).toBe(400);
    // 404: no such change, or another year's ID for the same number.
    expect(
      (await api('dana', 'GET', `/change-requests/CHG-2020-${String(number).padStart(3, '0')}${q}`)).status,
    ).toBe(404);
    expect((await api('dana', 'GET', `/change-requests/CHG-2026-999${q}`)).status).toBe(404);
    // 422: the body against the schema, with a pointer to each bad field.
    const bad = await api('carl', 'POST', `/change-requests/${id}/approve${q}`, {
      approved: 'yes',
      extra: 1,
    });
    expect(bad.status).toBe(422);
    expect(bad.body.errors).toEqual(
      expect.arrayContaining([
        { pointer: '/approved', message: 'must be boolean' },
        { pointer: '/extra', message: 'is not a field of this request' },
      ]),
    );
    const missing = await api('dana', 'POST', '/change-requests', { repository: repo, title: 'x' });
    expect(missing.body.errors).toEqual(
      expect.arrayContaining([{ pointer: '/change_type', message: 'is required' }]),
    );
    // 403: write access is needed to file and to implement.
    const reader = await api('mallory', 'POST', '/change-requests', { ...LOW, repository: repo });
    expect(reader.status).toBe(403);
    expect(reader.body.rule).toBe('write_access');
    // 409: implement before approval, complete before implement.
    const early = await api('olive', 'POST', `/change-requests/${id}/implement${q}`, {});
    expect(early.status).toBe(409);
    expect(early.body.detail).toMatch(/not approved yet/);
    await api('carl', 'POST', `/change-requests/${id}/approve${q}`, { approved: true });
    const notStarted = await api('olive', 'POST', `/change-requests/${id}/complete${q}`, {
      status: 'completed',
    });
    expect(notStarted.status).toBe(409);
    expect(notStarted.body.detail).toMatch(/not implementing/);
    const mallory = await api('mallory', 'POST', `/change-requests/${id}/implement${q}`, {});
    expect(mallory.status).toBe(403);
    expect(statusLabels(repo, number)).toEqual(['change:approved']);
    // 413: a body past the limit is refused before it is read.
    const huge = await callApi({
      appUrl: e2e.appUrl,
      method: 'POST',
      path: `${BASE}/change-requests/${id}/approve${q}`,
      token: tokenOf('carl'),
      rawBody: JSON.stringify({ approved: true, comments: 'x'.repeat(100_000) }),
    });
    expect(huge.status).toBe(413);
    // 429: one caller past the limit gets Retry-After; another caller is not affected.
    let limited: ApiAnswer | null = null;
    for (let index = 0; index <= RATE && !limited; index++) {
      const answer = await callApi({
        appUrl: e2e.appUrl,
        method: 'POST',
        path: `${BASE}/change-requests/${id}/approve${q}`,
        token: tokenOf('spammer'),
        body: { approved: 'no' },
      });
      if (answer.status === 429) limited = answer;
      else expect(answer.status).toBe(422);
    }
    expect(limited?.headers.get('retry-after')).toMatch(/^\d+$/);
    expect((await api('dana', 'GET', `/change-requests/${id}${q}`)).status).toBe(200);
  }, 120_000);

  test('OIDC tokens: the repository’s own moves the change; another repository’s, an expired one, a foreign key are refused', async () => {
    const repo = 'acme/oidc';
    const { id, number } = await create('dana', repo, { ...LOW, environment: 'production' });
    await api('carl', 'POST', `/change-requests/${id}/approve?repository=${repo}`, { approved: true });
    const q = `?repository=${repo}`;
    const implement = (token: string) => api(null, 'POST', `/change-requests/${id}/implement${q}`, {}, token);

    const other = await implement(await oidc.mint({ repository: 'acme/attack', environment: 'production' }));
    expect(other.status).toBe(403);
    expect(other.body.rule).toBe('oidc_repository');
    const noEnvironment = await implement(await oidc.mint({ repository: repo }));
    expect(noEnvironment.status).toBe(403);
    expect(noEnvironment.body.rule).toBe('oidc_environment');
    const expired = await implement(
      await oidc.mint({ repository: repo, environment: 'production', expiresInSeconds: -120 }),
    );
    expect(expired.status).toBe(401);
    expect(expired.body.detail).toMatch(/expired/);
    const rogue = await implement(
      await oidc.mint({ repository: repo, environment: 'production', key: 'rogue' }),
    );
    expect(rogue.status).toBe(401);
    const audience = await implement(
      await oidc.mint({ repository: repo, environment: 'production', audience: 'x' }),
    );
    expect(audience.status).toBe(401);
    // Approving is for people.
    const approve = await api(
      null,
      'POST',
      `/change-requests/${id}/approve${q}`,
      { approved: true },
      await oidc.mint({ repository: repo }),
    );
    expect(approve.status).toBe(403);
    expect(statusLabels(repo, number)).toEqual(['change:approved']);

    const own = await implement(await oidc.mint({ repository: repo, environment: 'production' }));
    expect(own.status, JSON.stringify(own.body)).toBe(200);
    expect(own.body.status).toBe('implementing');
    expect(events(repo, number).at(-1)).toMatchObject({
      event: 'implementing',
      actor: 'deploy-bot',
      data: { via: 'api' },
    });
  }, 90_000);

  test('an emergency change implements before approval once an emergency approver confirms it', async () => {
    const repo = 'acme/emergency';
    const { id, number } = await create('dana', repo, {
      title: 'Restore the checkout service',
      change_type: 'bugfix',
      priority: 'high',
      urgency: 'emergency',
      emergency_reason: 'system_outage',
      affected_systems: ['checkout'],
      rollback_plan: 'Revert the commit',
    });
    const q = `?repository=${repo}`;
    const early = await api('olive', 'POST', `/change-requests/${id}/implement${q}`, {});
    expect(early.status).toBe(409);
    expect(early.body.detail).toMatch(/\/emergency/);

    // A later second than the change's entries, as a person's comment would be: one in their second counts as
    // made before them (fail closed).
    await nextGitHubSecond();
    await e2e.sim.as('lee').comment({ repo, number, body: '/emergency checkout is down' });
    await e2e.sim.settle();
    const started = await api('olive', 'POST', `/change-requests/${id}/implement${q}`, {
      implementation_plan: 'Roll back the faulty release',
    });
    expect(started.status, JSON.stringify(started.body)).toBe(200);
    expect(started.body.status).toBe('implementing');
    expect(events(repo, number).at(-1)).toMatchObject({
      event: 'emergency_implemented',
      actor: 'olive',
      data: { via: 'api', confirmed_by: 'lee', deployer: 'olive', deadline: expect.any(String) },
    });
    expect(statusLabels(repo, number).sort()).toEqual(['change:emergency', 'change:implementing']);
  }, 90_000);

  test('the OpenAPI description is served and equals the repository file', async () => {
    const answer = await api(null, 'GET', '/openapi.json');
    expect(answer.status).toBe(200);
    const { readFileSync } = await import('node:fs');
    const file = JSON.parse(
      readFileSync(new URL('../../schemas/change-management-api.openapi.json', import.meta.url), 'utf8'),
    );
    expect(answer.body).toEqual(file);
  });
});
