import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { octokitSweepPort, openChangesSearch } from '../../src/github/octokit/octokit-sweep-port.ts';
import { OWNER, REPO, type Seeded, startSeededSimulator } from './support/seeded-simulator.ts';

/** The sweep's search (src/github/octokit/octokit-sweep-port.ts) against the simulator's GraphQL `search`. */
describe('simulator GraphQL search, as the sweep reads it', () => {
  let s: Seeded;
  let pr: { number: number; headSha: string };
  let merged: { number: number; headSha: string };
  let discussed = 0;

  beforeAll(async () => {
    s = await startSeededSimulator();
    const dev = s.sim.as('dev');
    pr = await dev.openPullRequest({
      repo: REPO,
      title: 'MFA',
      body: 'block',
      head: 'mfa',
      files: { 'a.ts': 'x' },
    });
    await dev.addLabels({ repo: REPO, number: pr.number, labels: ['change'] });
    for (let i = 0; i < 148; i++)
      await dev.createIssue({ repo: REPO, title: `ops ${i}`, labels: ['change'] });
    // An issue change with a long discussion after the app's status comment: still seen among the first comments.
    discussed = (await dev.createIssue({ repo: REPO, title: 'discussed', labels: ['change'] })).number;
    // see: https://docs.github.com/rest/issues/comments#create-an-issue-comment
    await s.appOctokit.request('POST /repos/{owner}/{repo}/issues/{issue_number}/comments', {
      owner: OWNER,
      repo: 'payments',
      issue_number: discussed,
      body: '<!-- change-gate:status -->\n### Change Gate: Pending approval',
    });
    for (let i = 0; i < 12; i++) await dev.comment({ repo: REPO, number: discussed, body: `thought ${i}` });
    await dev.createIssue({ repo: REPO, title: 'not a change' });
    // Merged, still implementing (an emergency change that owes its follow-up): found by the second search.
    merged = await dev.openPullRequest({
      repo: REPO,
      title: 'Hotfix',
      body: 'b',
      head: 'hotfix',
      files: { 'b.ts': 'y' },
    });
    await dev.addLabels({ repo: REPO, number: merged.number, labels: ['change', 'change:implementing'] });
    await dev.mergePullRequest({ repo: REPO, number: merged.number });
    const closed = await dev.createIssue({ repo: REPO, title: 'closed change', labels: ['change'] });
    await dev.closeIssue({ repo: REPO, number: closed.number });
    // see: https://docs.github.com/rest/checks/runs#create-a-check-run
    await s.appOctokit.request('POST /repos/{owner}/{repo}/check-runs', {
      owner: OWNER,
      repo: 'payments',
      name: 'Change Gate',
      head_sha: pr.headSha,
      output: { title: 'Pending', summary: `<!-- change-gate:covers #${pr.number} -->\nours` },
    });
  });
  afterAll(() => s?.stop());

  it('lists every open change of the organisation and the closed ones implementing, 100 a request, with our runs on each head', async () => {
    const mark = s.sim.mark();
    const { changes, truncated } = await octokitSweepPort({ octokit: s.appOctokit }).openChanges({
      account: { login: OWNER, type: 'Organization' },
      label: 'change',
      appId: s.app.id,
    });
    expect(truncated).toBe(false);
    expect(changes).toHaveLength(151);
    expect(changes.find((change) => change.number === merged.number)).toMatchObject({
      kind: 'pull_request',
      headSha: merged.headSha,
    });
    expect(s.sim.requestsSince(mark).map((entry) => entry.graphqlOperationName)).toEqual([
      'OpenChanges',
      'OpenChanges',
    ]);
    const pull = changes.find((change) => change.number === pr.number);
    expect(pull).toMatchObject({ owner: OWNER, repo: 'payments', number: pr.number, headSha: pr.headSha });
    expect(pull?.checkSummaries).toEqual([`<!-- change-gate:covers #${pr.number} -->\nours`]);
    expect(changes.filter((change) => change.kind === 'issue')).toHaveLength(149);
    const thread = changes.find((change) => change.number === discussed)?.recentComments ?? [];
    expect(thread).toHaveLength(10);
    expect(thread[0]).toEqual({
      author: 'change-gate',
      body: expect.stringMatching(/^<!-- change-gate:status -->/),
    });
    expect(thread.at(-1)?.body).toBe('thought 11');
    s.sim.assertNoViolations();
  });

  it('other apps’ runs are not ours; a repository scope searches that repository only', async () => {
    const { changes } = await octokitSweepPort({ octokit: s.appOctokit }).openChanges({
      account: { login: OWNER, type: 'Organization' },
      repository: 'acme/elsewhere',
      label: 'change',
      appId: s.app.id + 1000,
    });
    expect(changes).toEqual([]);
    expect(
      openChangesSearch({ account: { login: 'dana', type: 'User' }, label: 'needs "x" change', appId: 1 }),
    ).toBe('is:open label:"needs x change" user:dana');
  });
});
