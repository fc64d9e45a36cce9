import { describe, expect, test, vi } from 'vitest';
import {
  factsReply,
  HEAD,
  mockTeamMembers,
  NO_MEMBERS,
  pullRequestNode,
  REPO,
} from '../support/github-mocks.ts';
import { APP_ID, examplePayload, type Json, useSealedProbot } from '../support/probot-harness.ts';
import { SEED_TEAMS } from '../support/reconcile-harness.ts';

describe('the app with GitHub mocked', () => {
  const harness = useSealedProbot();

  test('a labeled PR with the seed change: one GraphQL read, one team read, then labels, history, check run', async () => {
    const writes: Json = {};
    // No read of the branch's merge requirement: an event uses what the sweep cached (nothing yet here).
    const scope = harness.mockAuth();
    scope
      .post('/graphql', (body) => String(body.query).includes('query ChangeFacts('))
      .reply(200, factsReply(pullRequestNode()))
      .get(/\/repos\/Codertocat\/(Hello-World|\.github)\/contents\/\.github(%2F|\/)change-management\.yml/)
      .times(2)
      .reply(404, { message: 'Not Found' });
    mockTeamMembers(scope, SEED_TEAMS);
    scope
      .post(`${REPO}/check-runs`, (body) => {
        writes.check = body;
        return true;
      })
      .reply(201, { id: 555 })
      .put(`${REPO}/issues/2/labels`, (body) => {
        writes.labels = body;
        return true;
      })
      .reply(200, [
        { name: 'change', color: 'aaaaaa' },
        { name: 'change:pending-approval', color: 'fbca04' },
      ])
      .post(`${REPO}/issues/2/comments`, (body) => {
        writes.comment = body;
        return true;
      })
      .reply(201, { id: 9001 })
      .post(`${REPO}/issues/2/comments`, (body) => {
        writes.steps = body;
        return true;
      })
      .reply(201, { id: 9002 });

    await harness.receive(
      'pull_request',
      examplePayload('pull_request', 'opened', (payload) => {
        payload.pull_request.labels = [{ name: 'change' }];
      }),
    );

    expect(writes.check).toMatchObject({
      name: 'Change Gate',
      head_sha: HEAD,
      external_id: 'CHG-2026-002',
      status: 'in_progress',
      output: { title: 'Pending approval — CHG-2026-002: 0 of 4 roles approved' },
    });
    expect(writes.check.conclusion).toBeUndefined();
    // Whether master requires the check is not known yet (the sweep reads it): no warning, rather than a guess.
    expect(writes.check.output.text ?? '').not.toContain('does not enforce the gate');
    expect(writes.labels).toEqual({ labels: ['change', 'change:pending-approval'] });
    expect(writes.comment.body).toMatch(/^\*\*CHG-2026-002\*\* submitted by @Codertocat/);
    expect(writes.comment.body).toMatch(/<!-- change-gate:history v1 [A-Za-z0-9_-]+ -->/);
    // The implementation steps: the task list; the rollback plan is in the block, and at risk medium no
    // backup is required, so the check says nothing is owed.
    expect(writes.steps.body).toMatch(/^<!-- change-gate:steps CHG-2026-002 -->\n/);
    expect(writes.steps.body).toContain(
      '- [ ] Backup current system state <!-- step:backup_current_state -->',
    );
    expect(writes.steps.body).toMatch(
      /- \[x\] Prepare rollback plan — @change-gate\\\[bot\\\] \(the change block/,
    );
    expect(writes.check.output.summary).not.toContain('steps-owed');
    // No check of ours was on the head: nothing passing can stay behind a failed entry write, and the sweep
    // reads a change without our check, so the check is written once, after the entry, with its hash.
    expect(writes.check.output.summary).toMatch(
      /<!-- change-gate:chain-head Codertocat\/Hello-World#2 sha256:[0-9a-f]{64} 1 -->/,
    );
  });

  test('_extends layers merge key by key: the base keeps what the repository file does not set', async () => {
    let check: Json = {};
    const scope = harness.mockAuth();
    scope
      .post('/graphql')
      .reply(200, factsReply(pullRequestNode({ labels: { nodes: [{ name: 'chg' }] } })))
      .get(/\/repos\/Codertocat\/Hello-World\/contents\//)
      .reply(200, '_extends: .github\nchange_management:\n  check_name: Gate\n', {
        'content-type': 'text/plain; charset=utf-8',
      })
      .get(/\/repos\/Codertocat\/\.github\/contents\//)
      .reply(200, 'change_management:\n  label: chg\n  check_name: Base gate\n', {
        'content-type': 'text/plain; charset=utf-8',
      });
    mockTeamMembers(scope, NO_MEMBERS);
    scope
      .post(`${REPO}/check-runs`, (body) => {
        check = body;
        return true;
      })
      .reply(201, { id: 1 })
      .put(`${REPO}/issues/2/labels`)
      .reply(200, [])
      .post(`${REPO}/issues/2/comments`)
      .times(2)
      .reply(201, { id: 2 });

    await harness.receive(
      'pull_request',
      examplePayload('pull_request', 'opened', (payload) => {
        payload.pull_request.labels = [{ name: 'chg' }];
      }),
    );

    expect(check.name).toBe('Gate');
    expect(check.output.title).toContain('Pending approval');
    expect(check.output.text ?? '').not.toContain('does not enforce the gate');
  });

  test('a comment without a command causes no API call', async () => {
    await harness.receive(
      'issue_comment',
      examplePayload('issue_comment', 'created', (payload) => {
        payload.comment.body = 'Looks good to me!';
      }),
    );
  });

  test("the app's own history comment causes no evaluation", async () => {
    harness.mockAuth();
    await harness.receive(
      'issue_comment',
      examplePayload('issue_comment', 'created', (payload) => {
        payload.comment.body = '**CHG-2026-002** submitted';
        payload.comment.user.login = 'change-gate[bot]';
        payload.comment.user.type = 'Bot';
      }),
    );
  });

  test("the app's own edit of its steps comment causes no evaluation", async () => {
    harness.mockAuth();
    await harness.receive(
      'issue_comment',
      examplePayload('issue_comment', 'edited', (payload) => {
        payload.comment.body = '<!-- change-gate:steps CHG-2026-002 -->\n- [x] Notify stakeholders';
        payload.comment.user.login = 'change-gate[bot]';
        payload.comment.user.type = 'Bot';
        payload.changes = {
          body: { from: '<!-- change-gate:steps CHG-2026-002 -->\n- [ ] Notify stakeholders' },
        };
        payload.sender.login = 'change-gate[bot]';
        payload.sender.type = 'Bot';
      }),
    );
  });

  test("re-run requests for another app's check are not ours to answer", async () => {
    harness.mockAuth();
    await harness.receive(
      'check_run',
      examplePayload('check_run', 'rerequested', (payload) => {
        payload.check_run.app.id = 99999;
      }),
    );
  });

  test('a re-run of our own check re-evaluates its pull request (and writes nothing when nothing changed)', async () => {
    const scope = harness.mockAuth();
    let read = false;
    scope
      .post('/graphql', () => {
        read = true;
        return true;
      })
      // Not labeled: "not a change request", and our check already says so.
      .reply(
        200,
        factsReply(
          pullRequestNode({
            labels: { nodes: [] },
            commits: { nodes: [{ commit: { oid: HEAD, checkSuites: { nodes: [] }, status: null } }] },
          }),
        ),
      )
      .get(/contents/)
      .times(2)
      .reply(404, { message: 'Not Found' })
      .post(/\/check-runs$/)
      .reply(201, { id: 9 });
    await harness.receive(
      'check_run',
      examplePayload('check_run', 'rerequested', (payload) => {
        payload.check_run.app.id = APP_ID;
        payload.check_run.pull_requests = [{ number: 2 }];
      }),
    );
    expect(read).toBe(true);
  });

  const configBlob = (text: string) => ({ __typename: 'Blob', text, isTruncated: false, isBinary: false });
  const REQUIRED_UNIT_TESTS = 'change_management:\n  testing:\n    required_checks: [unit-tests]\n';
  const completedRun = (name: string, pulls: Array<{ number: number }>) =>
    examplePayload('check_run', 'completed', (payload) => {
      payload.check_run.name = name;
      payload.check_run.app.id = 99999;
      payload.check_run.pull_requests = pulls;
    });

  test("another app's required check completing re-evaluates its PR: the facts read brings the config, nothing else reads it", async () => {
    const scope = harness.mockAuth();
    const reply = factsReply(pullRequestNode({ labels: { nodes: [] } }));
    reply.data.repository = { ...reply.data.repository, config: configBlob(REQUIRED_UNIT_TESTS) } as never;
    let writes = 0;
    scope
      // A REST read of the config would find no mock and fail the delivery.
      .post('/graphql')
      .reply(200, reply)
      .post(/\/check-runs$/, () => {
        writes++;
        return true;
      })
      .reply(201, { id: 9 });
    await harness.receive('check_run', completedRun('unit-tests', [{ number: 2 }]));
    expect(writes).toBe(1);
  });

  test("another app's check the testing gate does not name: one read (the facts, with the config), no write", async () => {
    const scope = harness.mockAuth();
    const reply = factsReply(pullRequestNode({ labels: { nodes: [] } }));
    reply.data.repository = { ...reply.data.repository, config: configBlob(REQUIRED_UNIT_TESTS) } as never;
    let reads = 0;
    scope
      .post('/graphql', () => {
        reads++;
        return true;
      })
      .reply(200, reply);
    await harness.receive('check_run', completedRun('lint', [{ number: 2 }]));
    expect(reads).toBe(1);
  });

  test("another app's check on several PRs: the config is read once, first, and decides for all", async () => {
    harness
      .mockAuth()
      .get(/\/contents\//)
      .once()
      .reply(200, REQUIRED_UNIT_TESTS, { 'content-type': 'text/plain; charset=utf-8' });
    // `lint` is not required: no facts read follows (none is mocked).
    await harness.receive('check_run', completedRun('lint', [{ number: 2 }, { number: 3 }]));
  });

  test('a check run on no pull request (a push to the default branch) causes no API call', async () => {
    await harness.receive('check_run', completedRun('unit-tests', []));
  });

  test('a review on a PR that is not a change request causes no API call', async () => {
    await harness.receive(
      'pull_request_review',
      examplePayload('pull_request_review', 'submitted', (payload) => {
        payload.pull_request.labels = [];
      }),
    );
  });

  test('an event covered by a queued evaluation is answered at once; the evaluation and its owner still run', async () => {
    let open: () => void = () => undefined;
    const opened = new Promise<void>((resolve) => {
      open = resolve;
    });
    let reads = 0;
    const reply = factsReply(
      pullRequestNode({
        labels: { nodes: [] },
        commits: { nodes: [{ commit: { oid: HEAD, checkSuites: { nodes: [] }, status: null } }] },
      }),
    );
    harness
      .mockAuth()
      .post('/graphql')
      .times(2)
      .reply(async () => {
        reads++;
        // The first evaluation's read waits for the test: the others queue behind its lock.
        if (reads === 1) await opened;
        return [200, reply];
      })
      .get(/contents/)
      .optionally()
      .times(4)
      .reply(404, { message: 'Not Found' })
      .post(/\/check-runs$/)
      .optionally()
      .times(2)
      .reply(201, { id: 9 });
    const rerun = () =>
      examplePayload('check_run', 'rerequested', (payload) => {
        payload.check_run.app.id = APP_ID;
        payload.check_run.pull_requests = [{ number: 2 }];
      });
    const settled: string[] = [];
    const track = (name: string, delivery: Promise<unknown>) =>
      delivery.then(() => {
        settled.push(name);
      });
    const reading = track('reading', harness.receive('check_run', rerun()));
    await vi.waitFor(() => expect(reads).toBe(1), { timeout: 30_000 });
    // Queues the next evaluation (and waits for it); the third is covered by that queued evaluation.
    const owner = track('owner', harness.receive('check_run', rerun()));
    await track('covered', harness.receive('check_run', rerun()));
    expect(settled).toEqual(['covered']);
    expect(reads).toBe(1);
    open();
    await Promise.all([reading, owner]);
    // One read for the first event, one for the owner and the covered event together.
    expect(reads).toBe(2);
    expect(settled).toContain('owner');
  });

  test('GitHub failing to answer fails the delivery without writing anything', async () => {
    harness
      .mockAuth()
      .post('/graphql')
      .reply(502, { message: 'Bad gateway' })
      .get(/contents/)
      .optionally()
      .times(2)
      .reply(404, { message: 'Not Found' });
    await expect(
      harness.receive(
        'pull_request',
        examplePayload('pull_request', 'opened', (payload) => {
          payload.pull_request.labels = [{ name: 'change' }];
        }),
      ),
    ).rejects.toThrow();
  });
});
