import { describe, expect, test } from 'vitest';
import { nextGitHubSecond } from '../../sandbox/harness/next-github-second.ts';
import { SEED_PR_BODY, seedPeople, seedRepo } from '../../sandbox/seed-org.ts';
import { changeScenario } from './support/change-scenario.ts';
import { useE2E } from './support/use-e2e.ts';

describe('approvals bind to what was reviewed, end to end', () => {
  const e2e = useE2E({
    seed: (sim) => {
      seedPeople(sim, 'acme');
      for (const name of ['pushed', 'lowered', 'issue']) seedRepo(sim, { org: 'acme', name });
    },
  });

  test('an approval given before a new push does not count', async () => {
    const change = await changeScenario(e2e, 'acme/pushed').open();
    await change.approve('erin');
    expect(change.check()?.output.title).toContain('1 of 4 roles approved');

    await change.push();

    expect(change.check()?.output.title).toContain('0 of 4 roles approved');
    expect(change.summary()).toMatch(/@erin[^\n]*before the latest push/);
  });

  test('an approval given before the priority was lowered does not count', async () => {
    const { sim } = e2e;
    const change = await changeScenario(e2e, 'acme/lowered').open();
    await change.approve('erin');

    const lowered = SEED_PR_BODY.replace('priority: "high"', 'priority: "medium"').replace(
      'urgency: "high"',
      'urgency: "medium"',
    );
    await sim.as('dana').editPullRequest({ repo: 'acme/lowered', number: change.number, body: lowered });
    await sim.settle();

    // medium: engineering-manager + change-manager, plus the form's security-team-lead.
    expect(change.check()?.output.title).toContain('0 of 3 roles approved');
    expect(change.summary()).toMatch(/@erin[^\n]*(block|edited)/);
    expect(change.history()).toEqual(['submitted', 'invalidated']);
  });

  test('/approve comments approve an issue-based change', async () => {
    const { sim } = e2e;
    const issue = await sim.as('dana').createIssue({
      repo: 'acme/issue',
      title: 'Rotate the admin MFA secrets',
      body: SEED_PR_BODY,
      labels: ['change'],
    });
    await sim.settle();
    // The approvals come in a later second than the submission, as a person's would (nextGitHubSecond).
    await nextGitHubSecond();
    for (const login of ['sam', 'lee', 'erin', 'carl']) {
      await sim
        .as(login)
        .comment({ repo: 'acme/issue', number: issue.number, body: '/approve\n- rotate in staging first' });
    }
    await sim.settle();

    const labels = sim.read.labels({ repo: 'acme/issue', number: issue.number });
    expect(labels).toContain('change:approved');
    const comments = sim.read.comments({ repo: 'acme/issue', number: issue.number });
    const status = comments.filter((comment) => comment.body?.startsWith('<!-- change-gate:status -->'));
    expect(status).toHaveLength(1);
    expect(status[0]?.body).toMatch(/Approved — CHG-\d{4}-001/);
  });
});
