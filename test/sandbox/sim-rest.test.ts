import { ProbotOctokit } from 'probot';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { NAME, OWNER, REPO, type Seeded, startSeededSimulator } from './support/seeded-simulator.ts';

describe('simulator REST resources', () => {
  let s: Seeded;
  beforeAll(async () => {
    s = await startSeededSimulator();
  });
  afterAll(() => s.stop());
  afterEach(() => s.sim.assertNoViolations());

  it('serves repository contents as base64 JSON, as raw text, as a directory listing, and 404 when missing', async () => {
    const json = await s.appOctokit.repos.getContent({
      owner: OWNER,
      repo: NAME,
      path: '.github/change-management.yml',
    });
    const file = json.data as { content: string; encoding: string };
    expect(file.encoding).toBe('base64');
    expect(Buffer.from(file.content, 'base64').toString()).toBe('change_management:\n  enabled: true\n');
    const raw = await s.appOctokit.request('GET /repos/{owner}/{repo}/contents/{path}', {
      owner: OWNER,
      repo: NAME,
      path: '.github/change-management.yml',
      mediaType: { format: 'raw' },
    });
    expect(raw.data).toBe('change_management:\n  enabled: true\n');
    expect(raw.headers['content-type']).toBe('text/plain; charset=utf-8');
    const dir = await s.appOctokit.repos.getContent({ owner: OWNER, repo: NAME, path: '.github' });
    expect((dir.data as Array<{ name: string }>).map((e) => e.name)).toEqual(['change-management.yml']);
    const missing = await s.appOctokit.repos
      .getContent({ owner: OWNER, repo: NAME, path: 'nope.yml' })
      .catch((e: { status: number }) => e);
    expect(missing).toMatchObject({ status: 404 });
  });

  it('feeds Probot’s config loader: repo file first, then the org `.github` repository with `_extends`', async () => {
    s.sim.createRepo({
      owner: OWNER,
      name: '.github',
      files: { '.github/probe.yml': 'level: org\nshared: yes\n' },
    });
    s.sim.createRepo({ owner: OWNER, name: 'no-config' });
    s.sim.createRepo({
      owner: OWNER,
      name: 'extends',
      files: { '.github/probe.yml': '_extends: .github\nlevel: repo\n' },
    });
    const token = s.sim.createInstallationToken({ installationId: s.installation.id });
    const octokit = new ProbotOctokit({ auth: { token }, baseUrl: s.sim.apiUrl });
    const fallback = await octokit.config.get({ owner: OWNER, repo: 'no-config', path: '.github/probe.yml' });
    expect(fallback.config).toEqual({ level: 'org', shared: 'yes' });
    const extended = await octokit.config.get({ owner: OWNER, repo: 'extends', path: '.github/probe.yml' });
    expect(extended.config).toEqual({ level: 'repo', shared: 'yes' });
  });

  it('creates a PR from a branch over REST as a user, lists its files and commits, and finds it by commit', async () => {
    await s.sim
      .as('dev')
      .pushCommit({ repo: REPO, branch: 'feature', files: { 'src/mfa.ts': 'mfa\n', 'src/app.ts': null } });
    const { data: pr } = await s.devOctokit.pulls.create({
      owner: OWNER,
      repo: NAME,
      title: 'MFA',
      head: 'feature',
      base: 'main',
      body: 'x',
    });
    expect(pr).toMatchObject({
      state: 'open',
      user: { login: 'dev' },
      head: { ref: 'feature' },
      base: { ref: 'main' },
    });
    const { data: files } = await s.appOctokit.pulls.listFiles({
      owner: OWNER,
      repo: NAME,
      pull_number: pr.number,
    });
    expect(files.map((f) => [f.filename, f.status])).toEqual([
      ['src/app.ts', 'removed'],
      ['src/mfa.ts', 'added'],
    ]);
    const { data: commits } = await s.appOctokit.pulls.listCommits({
      owner: OWNER,
      repo: NAME,
      pull_number: pr.number,
    });
    expect(commits.map((c) => c.sha)).toEqual([pr.head.sha]);
    const { data: byCommit } = await s.appOctokit.repos.listPullRequestsAssociatedWithCommit({
      owner: OWNER,
      repo: NAME,
      commit_sha: pr.head.sha,
    });
    expect(byCommit.map((p) => p.number)).toEqual([pr.number]);
    const duplicate = await s.devOctokit.pulls
      .create({ owner: OWNER, repo: NAME, title: 'again', head: 'feature', base: 'main' })
      .catch((e: { status: number }) => e);
    expect(duplicate).toMatchObject({ status: 422 });
  });

  it('merges with a merge commit on the base branch and compares commits between two refs in order', async () => {
    const before = s.sim.read.branchSha({ repo: REPO, branch: 'main' })!;
    const pr = await s.sim
      .as('dev')
      .openPullRequest({ repo: REPO, title: 'Two commits', head: 'two', files: { 'a.txt': '1' } });
    const second = await s.sim.as('dev').pushCommit({ repo: REPO, branch: 'two', files: { 'b.txt': '2' } });
    const stale = await s.devOctokit.pulls
      .merge({ owner: OWNER, repo: NAME, pull_number: pr.number, sha: pr.headSha })
      .catch((e: { status: number }) => e);
    expect(stale).toMatchObject({ status: 409 });
    const { data: merged } = await s.devOctokit.pulls.merge({
      owner: OWNER,
      repo: NAME,
      pull_number: pr.number,
    });
    expect(merged.merged).toBe(true);
    const { data: after } = await s.appOctokit.pulls.get({
      owner: OWNER,
      repo: NAME,
      pull_number: pr.number,
    });
    expect(after).toMatchObject({
      state: 'closed',
      merged: true,
      merge_commit_sha: merged.sha,
      merged_by: { login: 'dev' },
    });
    const { data: comparison } = await s.appOctokit.repos.compareCommitsWithBasehead({
      owner: OWNER,
      repo: NAME,
      basehead: `${before}...main`,
    });
    expect(comparison.status).toBe('ahead');
    expect(comparison.commits.map((c) => c.sha)).toEqual([pr.headSha, second.sha, merged.sha]);
    expect(comparison.files?.map((f) => f.filename)).toEqual(['a.txt', 'b.txt']);
    const { data: main } = await s.appOctokit.repos.getCommit({ owner: OWNER, repo: NAME, ref: 'main' });
    expect(main.parents.map((p) => p.sha)).toEqual([before, second.sha]);
  });

  it('sets, adds and removes labels, creating missing ones, and refuses removing an absent label', async () => {
    const { number } = await s.sim.as('dev').createIssue({ repo: REPO, title: 'Labels' });
    await s.appOctokit.issues.setLabels({
      owner: OWNER,
      repo: NAME,
      issue_number: number,
      labels: ['change', 'change:pending-approval'],
    });
    await s.appOctokit.issues.addLabels({
      owner: OWNER,
      repo: NAME,
      issue_number: number,
      labels: ['Change'],
    });
    const { data } = await s.appOctokit.issues.removeLabel({
      owner: OWNER,
      repo: NAME,
      issue_number: number,
      name: 'change:pending-approval',
    });
    expect(data.map((l) => l.name)).toEqual(['change']);
    const absent = await s.appOctokit.issues
      .removeLabel({ owner: OWNER, repo: NAME, issue_number: number, name: 'nope' })
      .catch((e: { status: number }) => e);
    expect(absent).toMatchObject({ status: 422 });
    const { data: repoLabels } = await s.appOctokit.issues.listLabelsForRepo({ owner: OWNER, repo: NAME });
    expect(repoLabels.map((l) => l.name)).toEqual(
      expect.arrayContaining(['change', 'change:pending-approval']),
    );
  });

  it('marks app comments with the bot user and performed_via_github_app, and lets users edit and delete comments', async () => {
    const { number } = await s.sim.as('dev').createIssue({ repo: REPO, title: 'Comments' });
    const { data: bot } = await s.appOctokit.issues.createComment({
      owner: OWNER,
      repo: NAME,
      issue_number: number,
      body: 'history',
    });
    expect(bot).toMatchObject({
      user: { login: 'change-gate[bot]', type: 'Bot' },
      performed_via_github_app: { id: s.app.id, slug: 'change-gate' },
    });
    const { data: edited } = await s.devOctokit.issues.updateComment({
      owner: OWNER,
      repo: NAME,
      comment_id: bot.id,
      body: 'tampered',
    });
    expect(edited).toMatchObject({ body: 'tampered', user: { login: 'change-gate[bot]' } });
    const reaction = await s.appOctokit.reactions.createForIssueComment({
      owner: OWNER,
      repo: NAME,
      comment_id: bot.id,
      content: 'eyes',
    });
    const again = await s.appOctokit.reactions.createForIssueComment({
      owner: OWNER,
      repo: NAME,
      comment_id: bot.id,
      content: 'eyes',
    });
    expect([reaction.status, again.status]).toEqual([201, 200]);
    await s.devOctokit.issues.deleteComment({ owner: OWNER, repo: NAME, comment_id: bot.id });
    expect(s.sim.read.comments({ repo: REPO, number })).toEqual([]);
    const empty = await s.appOctokit.issues
      .createComment({ owner: OWNER, repo: NAME, issue_number: number, body: '' })
      .catch((e: { status: number }) => e);
    expect(empty).toMatchObject({ status: 422 });
    const huge = await s.appOctokit.issues
      .createComment({ owner: OWNER, repo: NAME, issue_number: number, body: 'x'.repeat(70_000) })
      .catch((e: { status: number }) => e);
    expect(huge).toMatchObject({ status: 422 });
  });

  it('lists teams, members of nested teams, memberships and org membership', async () => {
    const { data: teams } = await s.appOctokit.teams.list({ org: OWNER });
    expect(teams.map((t) => t.slug).sort()).toEqual([
      'engineering-manager',
      'security-team',
      'security-team-lead',
    ]);
    const { data: membership } = await s.appOctokit.teams.getMembershipForUserInOrg({
      org: OWNER,
      team_slug: 'security-team-lead',
      username: 'sec-lead',
    });
    expect(membership).toMatchObject({ role: 'member', state: 'active' });
    const outsider = await s.appOctokit.teams
      .getMembershipForUserInOrg({ org: OWNER, team_slug: 'security-team', username: 'outsider' })
      .catch((e: { status: number }) => e);
    expect(outsider).toMatchObject({ status: 404 });
    expect(
      (await s.appOctokit.orgs.checkMembershipForUser({ org: OWNER, username: 'sec-lead' })).status,
    ).toBe(204);
    const unknownTeam = await s.appOctokit.teams
      .listMembersInOrg({ org: OWNER, team_slug: 'ghosts' })
      .catch((e: { status: number }) => e);
    expect(unknownTeam).toMatchObject({ status: 404 });
  });

  it('searches issues and PRs with repo:, is:, label:, state and created: qualifiers', async () => {
    s.sim.createRepo({ owner: OWNER, name: 'search' });
    const repo = 'acme/search';
    const a = await s.sim.as('dev').createIssue({ repo, title: 'Change A', labels: ['change'] });
    await s.sim.as('dev').createIssue({ repo, title: 'Other' });
    const pr = await s.sim
      .as('dev')
      .openPullRequest({ repo, title: 'Change PR', head: 'x', files: { x: '1' } });
    await s.sim.as('dev').addLabels({ repo, number: pr.number, labels: ['change'] });
    await s.sim.as('dev').closeIssue({ repo, number: a.number });
    const search = async (q: string) =>
      (await s.appOctokit.search.issuesAndPullRequests({ q })).data.items.map((i) => i.number).sort();
    expect(await search('repo:acme/search label:change')).toEqual([a.number, pr.number].sort());
    expect(await search('repo:acme/search label:change is:pr')).toEqual([pr.number]);
    expect(await search('repo:acme/search label:change is:issue is:closed')).toEqual([a.number]);
    expect(await search('repo:acme/search is:open created:>=2000-01-01')).toHaveLength(2);
    expect(await search('repo:acme/search created:<2000-01-01')).toEqual([]);
    const bad = await s.appOctokit.search
      .issuesAndPullRequests({ q: 'repo:acme/search reactions:>5' })
      .catch((e: { status: number }) => e);
    expect(bad).toMatchObject({ status: 422 });
  });

  it('creates deployments with environment filters and deployment statuses, and refuses failing required contexts', async () => {
    const head = s.sim.read.branchSha({ repo: REPO, branch: 'main' })!;
    await s.sim.as('dev').createStatus({ repo: REPO, sha: head, state: 'failure', context: 'ci' });
    const blocked = await s.appOctokit.repos
      .createDeployment({ owner: OWNER, repo: NAME, ref: 'main', environment: 'production' })
      .catch((e: { status: number }) => e);
    expect(blocked).toMatchObject({ status: 409 });
    const created = await s.appOctokit.repos.createDeployment({
      owner: OWNER,
      repo: NAME,
      ref: 'main',
      environment: 'staging',
      required_contexts: [],
    });
    const deployment = created.data as { id: number; sha: string };
    expect(deployment.sha).toBe(head);
    await s.appOctokit.repos.createDeploymentStatus({
      owner: OWNER,
      repo: NAME,
      deployment_id: deployment.id,
      state: 'success',
    });
    const { data: staging } = await s.appOctokit.repos.listDeployments({
      owner: OWNER,
      repo: NAME,
      environment: 'staging',
    });
    expect(staging.map((d) => d.id)).toEqual([deployment.id]);
    const { data: none } = await s.appOctokit.repos.listDeployments({
      owner: OWNER,
      repo: NAME,
      environment: 'production',
    });
    expect(none).toEqual([]);
    const { data: statuses } = await s.appOctokit.repos.listDeploymentStatuses({
      owner: OWNER,
      repo: NAME,
      deployment_id: deployment.id,
    });
    expect(statuses.map((st) => st.state)).toEqual(['success']);
    const { data: combined } = await s.appOctokit.repos.getCombinedStatusForRef({
      owner: OWNER,
      repo: NAME,
      ref: head,
    });
    expect(combined).toMatchObject({ state: 'failure', total_count: 1 });
  });
});
