import { describe, expect, test } from 'vitest';
import { coveredPullsMarker } from '../../src/core/decision/covered-pulls-marker.ts';
import {
  CONFIG,
  DEPLOYED,
  factsReply,
  HEAD,
  mockDefaultBranch,
  mockGateReads,
  mockReview,
  mockTeamMembers,
  NO_MEMBERS,
  protectionRulePayload,
  pullRequestNode,
  REPO,
  RUN_ID,
  restCheckRun,
} from '../support/github-mocks.ts';
import { API, examplePayload, useSealedProbot } from '../support/probot-harness.ts';
import { SEED_TEAMS } from '../support/reconcile-harness.ts';

describe('the deployment protection rule, with GitHub mocked', () => {
  const harness = useSealedProbot();

  test('an approved change: the run is approved through the callback, naming the change', async () => {
    const reviews: Array<Record<string, unknown>> = [];
    const scope = mockGateReads(harness.mockAuth());
    mockReview(scope, reviews);

    await harness.receive('deployment_protection_rule', protectionRulePayload());

    expect(reviews).toEqual([
      {
        environment_name: 'production',
        state: 'approved',
        comment: 'Change Gate: 1 pull request approved at their merged head (CHG-2026-002)',
      },
    ]);
  });

  test('a change still waiting for approval: a status report, no answer, the run waits without a runner', async () => {
    const pending = restCheckRun({
      status: 'in_progress',
      conclusion: null,
      output: {
        title: 'Pending approval — CHG-2026-002: 2 of 4 roles approved',
        summary: coveredPullsMarker([2]),
      },
    });
    const reviews: Array<Record<string, unknown>> = [];
    mockReview(mockGateReads(harness.mockAuth(), { runs: [pending] }), reviews);

    await harness.receive('deployment_protection_rule', protectionRulePayload());

    // A review without `state` is GitHub's status report: it neither approves nor rejects.
    expect(reviews).toEqual([
      {
        environment_name: 'production',
        comment: expect.stringContaining('Change Gate is waiting for approval'),
      },
    ]);
  });

  test("a freeze window: rejected with the window's name and end", async () => {
    const reviews: Array<Record<string, unknown>> = [];
    const config = [
      'change_management:',
      '  freeze_windows:',
      '    - name: platform migration',
      '      start: 2020-01-01T00:00',
      '      end: 2099-01-01T00:00',
    ].join('\n');
    mockReview(mockGateReads(harness.mockAuth(), { config }), reviews);

    await harness.receive('deployment_protection_rule', protectionRulePayload());

    expect(reviews).toHaveLength(1);
    expect(reviews[0]).toMatchObject({ environment_name: 'production', state: 'rejected' });
    expect(reviews[0]?.comment).toBe(
      'Change Gate refused the deploy (frozen):\n- freeze window "platform migration" is in force until 2099-01-01T00:00:00.000Z: only emergency changes may deploy',
    );
  });

  test('GitHub failing to answer: rejected with the reason, never approved', async () => {
    const reviews: Array<Record<string, unknown>> = [];
    const scope = harness.mockAuth();
    // master's tip is not the deployed commit: the gate compares to tell it is on master.
    mockDefaultBranch(scope, { tip: HEAD })
      .get(`${REPO}/deployments`)
      .query(true)
      .reply(503, { message: 'Service Unavailable' });
    mockReview(scope, reviews);

    await harness.receive('deployment_protection_rule', protectionRulePayload());

    expect(reviews.map((review) => review.state)).toEqual(['rejected']);
    expect(reviews[0]?.comment).toMatch(
      /^Change Gate refused the deploy \(error\):\n- GitHub could not be read/,
    );
    expect(reviews[0]?.comment).toContain('Service Unavailable');
  });

  test('a callback URL of another repository is never answered (the token stays where it belongs)', async () => {
    await harness.receive(
      'deployment_protection_rule',
      protectionRulePayload((payload) => {
        payload.deployment_callback_url = `${API}/repos/evil/elsewhere/actions/runs/1/deployment_protection_rule`;
      }),
    );
  });

  test('a review that completes the approval releases the run waiting on it', async () => {
    const reviews: Array<Record<string, unknown>> = [];
    const approvals = Object.values(SEED_TEAMS).map((members, index) => ({
      databaseId: 300 + index,
      state: 'APPROVED',
      // Just after now: the change is submitted by this very evaluation, and approvals bind to what it submitted.
      submittedAt: new Date(Date.now() + 60_000 * (index + 1)).toISOString(),
      body: '',
      author: { login: members[0] },
      commit: { oid: HEAD },
    }));
    const scope = harness.mockAuth();
    // 0. The deploy was asked for while the change was pending: the rule left the run waiting, and recorded it.
    const reports: Array<Record<string, unknown>> = [];
    const pending = restCheckRun({
      status: 'in_progress',
      conclusion: null,
      output: {
        title: 'Pending approval — CHG-2026-002: 3 of 4 roles approved',
        summary: coveredPullsMarker([2]),
      },
    });
    mockReview(mockGateReads(scope, { runs: [pending] }), reports);
    await harness.receive('deployment_protection_rule', protectionRulePayload());
    expect(reports).toEqual([
      {
        environment_name: 'production',
        comment: expect.stringContaining('Change Gate is waiting for approval'),
      },
    ]);
    // 1. The review is evaluated: every role has approved.
    scope
      .post('/graphql', (body) => String(body.query).includes('query ChangeFacts('))
      .reply(
        200,
        factsReply(
          pullRequestNode({
            reviews: { pageInfo: { hasNextPage: false, endCursor: null }, nodes: approvals },
          }),
        ),
      )
      .get(CONFIG)
      .times(2)
      .reply(404, { message: 'Not Found' });
    mockTeamMembers(scope, SEED_TEAMS);
    let check: Record<string, unknown> = {};
    scope
      .post(`${REPO}/check-runs`, (body) => {
        check = body;
        return true;
      })
      .reply(201, { id: 555 })
      .put(`${REPO}/issues/2/labels`)
      .reply(200, [{ name: 'change' }, { name: 'change:approved', color: '0e8a16' }])
      // The submitted and approved entries (one comment: one evaluation records both), then the
      // implementation-steps comment.
      .post(`${REPO}/issues/2/comments`)
      .times(2)
      .reply(201, { id: 9001 });
    // 2. The run the rule left waiting is read again from GitHub (still waiting, on the commit recorded) and
    // decided again; the repository's waiting runs are not listed (that is the sweep's).
    scope
      .get(`${REPO}/actions/runs/${RUN_ID}`)
      .reply(200, { id: RUN_ID, head_sha: DEPLOYED, head_branch: 'master', status: 'waiting' });
    mockReview(mockGateReads(scope), reviews);

    await harness.receive(
      'pull_request_review',
      examplePayload('pull_request_review', 'submitted', (payload) => {
        payload.pull_request.labels = [{ name: 'change' }];
      }),
    );

    expect(check).toMatchObject({ conclusion: 'success', output: { title: 'Approved — CHG-2026-002' } });
    expect(reviews).toEqual([
      {
        environment_name: 'production',
        state: 'approved',
        comment: 'Change Gate: 1 pull request approved at their merged head (CHG-2026-002)',
      },
    ]);
  });

  test('a review that leaves the change pending looks for no waiting run', async () => {
    const scope = harness.mockAuth();
    scope
      .post('/graphql')
      .reply(200, factsReply(pullRequestNode()))
      .get(CONFIG)
      .times(2)
      .reply(404, { message: 'Not Found' });
    mockTeamMembers(scope, NO_MEMBERS);
    scope
      .post(`${REPO}/check-runs`)
      .reply(201, { id: 555 })
      .put(`${REPO}/issues/2/labels`)
      .reply(200, [])
      // No check of ours on the head yet: labels, the entry, then the check once (with the chain head).
      .post(`${REPO}/issues/2/comments`)
      .times(2)
      .reply(201, { id: 9001 });

    await harness.receive(
      'pull_request_review',
      examplePayload('pull_request_review', 'submitted', (payload) => {
        payload.pull_request.labels = [{ name: 'change' }];
      }),
    );
  });
});
