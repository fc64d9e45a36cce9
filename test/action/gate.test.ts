import nock from 'nock';
import { describe, expect, it } from 'vitest';
import { runCommand } from '../../action/src/run.ts';
import { useSealedNock } from '../support/sealed-nock.ts';
import {
  API,
  checkRun,
  fakeClock,
  github,
  instantRetry,
  pullRequest,
  REPO,
  recordingIO,
  sha,
} from './action-harness.ts';

const LAST = sha('a');
const MERGED_HEAD = sha('b');
const MERGE_COMMIT = sha('d');
const gateInputs = { 'github-token': 'ghs_test', environment: 'production', 'app-id': '42' };

useSealedNock();

/** The usual deploy: one PR (#12) merged since the last successful deployment. */
function deployOfPr12(runs: unknown[]) {
  return github()
    .noConfig(MERGE_COMMIT)
    .deployments([{ id: 7, sha: LAST, states: ['success'] }])
    .compare(LAST, MERGE_COMMIT, [MERGE_COMMIT])
    .pullsOf(MERGE_COMMIT, [pullRequest({ number: 12, headSha: MERGED_HEAD })])
    .checkRuns(MERGED_HEAD, runs);
}

describe('gate', () => {
  it('refuses an unapproved change with the reason, creating no deployment', async () => {
    deployOfPr12([
      checkRun({
        headSha: MERGED_HEAD,
        status: 'in_progress',
        conclusion: null,
        title: 'Pending approval — CHG-2026-012',
      }),
    ]);
    const io = recordingIO({ inputs: gateInputs });
    const outcome = await runCommand({ io, clock: fakeClock(), retry: instantRetry() });
    expect(outcome.failure).toBe(
      'Change Gate refused the deploy to production (pending):\n- #12 (CHG-2026-012): Pending approval — CHG-2026-012',
    );
    expect(io.outputs).toEqual({ 'change-ids': 'CHG-2026-012', status: 'pending', 'deployment-id': '' });
    expect(io.exported).toEqual({});
    expect(io.summary).toContain('| #12 | CHG-2026-012 | `bbbbbbb` | pending |');
  });

  it('allows an approved change and records a deployment with its changes, and no status (its creation is its start)', async () => {
    const mocks = deployOfPr12([checkRun({ headSha: MERGED_HEAD })]);
    let deploymentBody: Record<string, unknown> = {};
    // Only the deployment is written: a status POST would find no mock (net connect disabled) and refuse.
    mocks.scope
      .post(`${REPO}/deployments`, (body) => {
        deploymentBody = body;
        return true;
      })
      .reply(201, { id: 99, sha: MERGE_COMMIT, environment: 'production' });
    const io = recordingIO({ inputs: gateInputs });
    const outcome = await runCommand({ io, clock: fakeClock(), retry: instantRetry() });
    expect(outcome.failure).toBeNull();
    expect(deploymentBody).toEqual({
      ref: MERGE_COMMIT,
      environment: 'production',
      description: 'Change Gate: CHG-2026-012',
      auto_merge: false,
      required_contexts: [],
      task: 'deploy',
      payload: {
        change_gate: {
          v: 1,
          changes: [
            {
              pr: 12,
              change_id: 'CHG-2026-012',
              head_sha: MERGED_HEAD,
              type: 'security',
              testing_required: true,
            },
          ],
        },
        // One creation's token: a deployment created behind a lost answer is found by it (not created twice).
        change_gate_request: expect.stringMatching(/^[0-9a-f-]{36}$/),
      },
    });
    expect(io.outputs).toEqual({ 'change-ids': 'CHG-2026-012', status: 'approved', 'deployment-id': '99' });
    expect(io.exported).toEqual({ CHANGE_GATE_DEPLOYMENT_ID: '99' });
    expect(io.summary).toContain('| #12 | CHG-2026-012 | `bbbbbbb` | approved |');
    expect(io.summary).toContain('**Decision: approved**');
  });

  it('refuses when a commit was pushed after the approval and merged: the merged head has no success', async () => {
    // The app approved the old head; after the push it re-evaluated the new head, which waits again.
    const newHead = sha('c');
    github()
      .noConfig(MERGE_COMMIT)
      .deployments([{ id: 7, sha: LAST, states: ['success'] }])
      .compare(LAST, MERGE_COMMIT, [newHead, MERGE_COMMIT])
      .pullsOf(newHead, [pullRequest({ number: 12, headSha: newHead })])
      .pullsOf(MERGE_COMMIT, [pullRequest({ number: 12, headSha: newHead })])
      .checkRuns(newHead, [
        checkRun({
          id: 601,
          headSha: newHead,
          conclusion: 'failure',
          title: 'Approval voided by a new commit — CHG-2026-012',
        }),
      ]);
    const io = recordingIO({ inputs: gateInputs });
    const outcome = await runCommand({ io, clock: fakeClock(), retry: instantRetry() });
    expect(outcome.failure).toContain('(rejected)');
    expect(outcome.failure).toContain('#12 (CHG-2026-012): Approval voided by a new commit — CHG-2026-012');
    expect(io.outputs['deployment-id']).toBe('');
  });

  it('ignores a same-named success check created by another app', async () => {
    deployOfPr12([checkRun({ headSha: MERGED_HEAD, app: { id: 666, slug: 'totally-change-gate' } })]);
    const io = recordingIO({ inputs: gateInputs });
    const outcome = await runCommand({ io, clock: fakeClock(), retry: instantRetry() });
    expect(outcome.failure).toContain(
      '#12: "Change Gate" on bbbbbbb was created by totally-change-gate, not by change-gate: it does not count',
    );
    expect(io.outputs.status).toBe('rejected');
  });

  it('refuses inside a freeze window from the config, with the window and its end', async () => {
    const config = [
      'change_management:',
      '  freeze_windows:',
      '    - name: summer release freeze',
      '      timezone: Europe/Berlin',
      '      start: "2026-07-01T00:00"',
      '      end: "2026-07-06T09:00"',
    ].join('\n');
    github()
      .config(MERGE_COMMIT, config)
      .deployments([{ id: 7, sha: LAST, states: ['success'] }])
      .compare(LAST, MERGE_COMMIT, [MERGE_COMMIT])
      .pullsOf(MERGE_COMMIT, [pullRequest({ number: 12, headSha: MERGED_HEAD })])
      .checkRuns(MERGED_HEAD, [checkRun({ headSha: MERGED_HEAD })]);
    const io = recordingIO({ inputs: gateInputs });
    const outcome = await runCommand({ io, clock: fakeClock('2026-07-02T08:00:00Z'), retry: instantRetry() });
    expect(outcome.failure).toContain(
      'freeze window "summer release freeze" is in force until 2026-07-06T07:00:00.000Z: only emergency changes may deploy',
    );
    expect(io.outputs.status).toBe('frozen');
  });

  it('fails closed when GitHub answers 5xx on every retry', async () => {
    github()
      .noConfig(MERGE_COMMIT)
      .scope.get(`${REPO}/deployments`)
      .query(true)
      .times(4)
      .reply(502, { message: 'Bad Gateway' });
    const retry = instantRetry();
    const io = recordingIO({ inputs: gateInputs });
    const outcome = await runCommand({ io, clock: fakeClock(), retry });
    expect(retry.waits).toEqual([1000, 3000, 9000]);
    expect(outcome.failure).toContain('(error)');
    expect(outcome.failure).toContain(
      'GitHub could not be read, so the deploy is refused: GET /repos/acme/shop/deployments failed 4 times, last with HTTP 502',
    );
    expect(io.outputs).toMatchObject({ status: 'error', 'deployment-id': '' });
    // Nothing was read about earlier deployments: the summary must not call this a first deploy.
    expect(io.summary).not.toContain('No vouched deployment');
    expect(io.summary).not.toMatch(/first (gated )?deploy/i);
    expect(io.summary).toContain('Earlier deployments to this environment could not be read');
  });

  it('retries a secondary rate limit after retry-after and then proceeds', async () => {
    const mocks = deployOfPr12([checkRun({ headSha: MERGED_HEAD })]);
    mocks.scope
      .post(`${REPO}/deployments`)
      .reply(403, { message: 'You have exceeded a secondary rate limit' }, { 'retry-after': '2' })
      .post(`${REPO}/deployments`)
      .reply(201, { id: 100 });
    const retry = instantRetry();
    const outcome = await runCommand({ io: recordingIO({ inputs: gateInputs }), clock: fakeClock(), retry });
    expect(outcome.failure).toBeNull();
    expect(retry.waits).toEqual([2000]);
  });

  it('GitHub answers 502 after creating the deployment: found by re-reading, not written twice', async () => {
    const mocks = deployOfPr12([checkRun({ headSha: MERGED_HEAD })]);
    let payload: unknown = null;
    mocks.scope
      .post(`${REPO}/deployments`, (body) => {
        payload = body.payload;
        return true;
      })
      .reply(502, { message: 'Server Error' })
      .get(`${REPO}/deployments`)
      .query({ environment: 'production', page: '1', per_page: '30' })
      .reply(200, () => [
        { id: 99, sha: MERGE_COMMIT, environment: 'production', created_at: '2026-07-01T12:00:00Z', payload },
        { id: 7, sha: LAST, environment: 'production', created_at: '2026-06-30T10:00:00Z', payload: {} },
      ]);
    const retry = instantRetry();
    const io = recordingIO({ inputs: gateInputs });
    const outcome = await runCommand({ io, clock: fakeClock(), retry });
    expect(outcome.failure).toBeNull();
    expect(io.outputs['deployment-id']).toBe('99');
    // One wait before the re-read; the POST was not sent again.
    expect(retry.waits).toEqual([1000]);
  });

  it('a 502 that did not create the deployment: not found by re-reading, created on the next try', async () => {
    const mocks = deployOfPr12([checkRun({ headSha: MERGED_HEAD })]);
    const tokens: unknown[] = [];
    mocks.scope
      .post(`${REPO}/deployments`, (body) => {
        tokens.push(body.payload.change_gate_request);
        return true;
      })
      .reply(502, { message: 'Server Error' })
      .get(`${REPO}/deployments`)
      .query({ environment: 'production', page: '1', per_page: '30' })
      .reply(200, [
        // Another run's deployment of the same commit is not this run's.
        {
          id: 98,
          sha: MERGE_COMMIT,
          environment: 'production',
          created_at: '2026-07-01T12:00:00Z',
          payload: JSON.stringify({ change_gate_request: 'another-run' }),
        },
      ])
      .post(`${REPO}/deployments`, (body) => {
        tokens.push(body.payload.change_gate_request);
        return true;
      })
      .reply(201, { id: 100 });
    const io = recordingIO({ inputs: gateInputs });
    const outcome = await runCommand({ io, clock: fakeClock(), retry: instantRetry() });
    expect(outcome.failure).toBeNull();
    expect(io.outputs['deployment-id']).toBe('100');
    expect(new Set(tokens).size).toBe(1);
  });

  it('GitHub keeps failing to create the deployment: refused after the tries (each re-read, the last too), with the last answer', async () => {
    const mocks = deployOfPr12([checkRun({ headSha: MERGED_HEAD })]);
    for (let attempt = 0; attempt < 4; attempt++) {
      mocks.scope.post(`${REPO}/deployments`).reply(503, { message: 'Service Unavailable' });
      mocks.scope
        .get(`${REPO}/deployments`)
        .query({ environment: 'production', page: '1', per_page: '30' })
        .reply(200, []);
    }
    const io = recordingIO({ inputs: gateInputs });
    const retry = instantRetry();
    const outcome = await runCommand({ io, clock: fakeClock(), retry });
    expect(outcome.failure).toContain(
      'the deploy was allowed but could not be recorded as a GitHub deployment',
    );
    expect(outcome.failure).toContain('503');
    // What a deployment GitHub created all the same (and nobody found) means, and what to do.
    expect(outcome.failure).toContain('GitHub may have created it all the same');
    expect(outcome.failure).toContain('rerun the job to deploy');
    expect(io.outputs.status).toBe('error');
    expect(io.outputs['deployment-id']).toBe('');
    // The last try's re-read waits as long as the longest wait before it.
    expect(retry.waits).toHaveLength(4);
    expect(retry.waits.at(-1)).toBe(retry.waits.at(-2));
  });

  it('GitHub answers 502 after creating the deployment on the last try: found by the last re-read, the deploy proceeds', async () => {
    const mocks = deployOfPr12([checkRun({ headSha: MERGED_HEAD })]);
    let payload: unknown = null;
    for (let attempt = 0; attempt < 4; attempt++) {
      mocks.scope
        .post(`${REPO}/deployments`, (body) => {
          payload = body.payload;
          return true;
        })
        .reply(502, { message: 'Server Error' });
      const found = attempt === 3;
      mocks.scope
        .get(`${REPO}/deployments`)
        .query({ environment: 'production', page: '1', per_page: '30' })
        .reply(200, () =>
          found
            ? [
                {
                  id: 99,
                  sha: MERGE_COMMIT,
                  environment: 'production',
                  created_at: '2026-07-01T12:00:00Z',
                  payload,
                },
              ]
            : [],
        );
    }
    const io = recordingIO({ inputs: gateInputs });
    const outcome = await runCommand({ io, clock: fakeClock(), retry: instantRetry() });
    expect(outcome.failure).toBeNull();
    expect(io.outputs['deployment-id']).toBe('99');
    mocks.scope.done();
  });

  it('the last re-read failing too: refused with the write’s own failure', async () => {
    const mocks = deployOfPr12([checkRun({ headSha: MERGED_HEAD })]);
    for (let attempt = 0; attempt < 4; attempt++) {
      mocks.scope.post(`${REPO}/deployments`).reply(503, { message: 'Service Unavailable' });
      mocks.scope
        .get(`${REPO}/deployments`)
        .query({ environment: 'production', page: '1', per_page: '30' })
        .reply(attempt === 3 ? 404 : 200, attempt === 3 ? { message: 'Not Found' } : []);
    }
    const io = recordingIO({ inputs: gateInputs });
    const outcome = await runCommand({ io, clock: fakeClock(), retry: instantRetry() });
    expect(outcome.failure).toContain('503');
    expect(outcome.failure).not.toContain('404');
    expect(outcome.failure).toContain('GitHub may have created it all the same');
    mocks.scope.done();
  });

  it('fails closed when the allowed deployment cannot be recorded', async () => {
    const mocks = deployOfPr12([checkRun({ headSha: MERGED_HEAD })]);
    mocks.scope.post(`${REPO}/deployments`).reply(409, { message: 'Conflict' });
    const io = recordingIO({ inputs: gateInputs });
    const outcome = await runCommand({ io, clock: fakeClock(), retry: instantRetry() });
    expect(outcome.failure).toContain(
      'the deploy was allowed but could not be recorded as a GitHub deployment',
    );
    expect(io.outputs.status).toBe('error');
  });

  it('explains missing permissions', async () => {
    // GraphQL answers 200, the refusal in its errors, the data partial.
    github()
      .scope.post('/graphql')
      .reply(200, {
        data: { repository: { defaultBranchRef: { name: 'main', target: null }, config: null } },
        errors: [
          {
            type: 'FORBIDDEN',
            path: ['repository', 'config'],
            message: 'Resource not accessible by integration',
          },
        ],
      });
    const outcome = await runCommand({
      io: recordingIO({ inputs: gateInputs }),
      clock: fakeClock(),
      retry: instantRetry(),
    });
    expect(outcome.failure).toContain(
      'grant the job permissions contents: read, pull-requests: read, checks: read, deployments: write',
    );
  });

  it('refuses a config that is not valid, with its line', async () => {
    github().defaultBranch('change_management:\n  freeze_window: []\n');
    const outcome = await runCommand({
      io: recordingIO({ inputs: gateInputs }),
      clock: fakeClock(),
      retry: instantRetry(),
    });
    expect(outcome.failure).toMatch(
      /acme\/shop:\.github\/change-management\.yml \(default branch\) is not a valid Change Gate config:\n\s+\/change_management/,
    );
  });

  it('on a first deploy checks the PRs of the deployed commit only', async () => {
    github()
      .noConfig(MERGE_COMMIT)
      .deployments([])
      .pullsOf(MERGE_COMMIT, [pullRequest({ number: 12, headSha: MERGED_HEAD })])
      .checkRuns(MERGED_HEAD, [
        checkRun({ headSha: MERGED_HEAD, conclusion: 'failure', title: 'Rejected — CHG-2026-012' }),
      ]);
    const io = recordingIO({ inputs: gateInputs });
    const outcome = await runCommand({ io, clock: fakeClock(), retry: instantRetry() });
    expect(outcome.failure).toContain('#12 (CHG-2026-012): Rejected — CHG-2026-012');
    expect(io.summary).toContain('No vouched deployment to this environment yet (a first gated deploy)');
  });

  it('starts the range at the last vouched deployment: failed ones and a forged success are passed over', async () => {
    const failedSha = sha('e');
    github()
      .noConfig(MERGE_COMMIT)
      .deployments([
        { id: 10, sha: sha('9'), states: ['success'], vouched: false },
        { id: 9, sha: failedSha, states: ['failure', 'in_progress'] },
        { id: 8, sha: LAST, states: ['inactive', 'success', 'in_progress'] },
      ])
      .compare(LAST, MERGE_COMMIT, [MERGE_COMMIT])
      .pullsOf(MERGE_COMMIT, [pullRequest({ number: 12, headSha: MERGED_HEAD })])
      .checkRuns(MERGED_HEAD, [
        checkRun({ headSha: MERGED_HEAD, status: 'queued', conclusion: null, title: '' }),
      ]);
    const io = recordingIO({ inputs: gateInputs });
    const outcome = await runCommand({ io, clock: fakeClock(), retry: instantRetry() });
    expect(outcome.failure).toContain('(pending)');
    expect(io.summary).toContain('Changes since the last vouched deployment (`aaaaaaa`)');
  });

  it('refuses a direct push where the scope requires a change', async () => {
    const pushed = sha('f');
    github()
      .config(pushed, 'change_management:\n  scope:\n    paths: ["infra/**"]\n')
      .deployments([{ id: 7, sha: LAST, states: ['success'] }])
      .compare(LAST, pushed, [pushed])
      .pullsOf(pushed, [])
      .scope.get(`${REPO}/commits/${pushed}`)
      .query({ per_page: '300', page: '1' })
      .reply(200, { sha: pushed, files: [{ filename: 'infra/main.tf' }] });
    const io = recordingIO({ inputs: { ...gateInputs, sha: pushed } });
    const outcome = await runCommand({ io, clock: fakeClock(), retry: instantRetry() });
    expect(outcome.failure).toContain(
      "commit fffffff came in without a pull request, where the config's scope requires a change request",
    );
  });

  it('with wait, polls every interval and proceeds once the approval arrives', async () => {
    const mocks = deployOfPr12([
      checkRun({
        id: 1,
        headSha: MERGED_HEAD,
        status: 'in_progress',
        conclusion: null,
        title: 'Pending approval — CHG-2026-012',
      }),
    ]);
    mocks
      .checkRuns(MERGED_HEAD, [
        checkRun({
          id: 1,
          headSha: MERGED_HEAD,
          status: 'in_progress',
          conclusion: null,
          title: 'Pending approval — CHG-2026-012',
        }),
      ])
      .checkRuns(MERGED_HEAD, [checkRun({ id: 2, headSha: MERGED_HEAD })])
      .scope.post(`${REPO}/deployments`)
      .reply(201, { id: 99 });
    const clock = fakeClock();
    const io = recordingIO({ inputs: { ...gateInputs, wait: 'true', interval: '15s', timeout: '5m' } });
    const outcome = await runCommand({ io, clock, retry: instantRetry() });
    expect(outcome.failure).toBeNull();
    expect(clock.slept).toEqual([15_000, 15_000]);
    expect(io.logs.filter((line) => line.startsWith('Waiting (pending)'))).toHaveLength(2);
    expect(io.logs).toContain(
      'Waiting (pending): #12 (CHG-2026-012): Pending approval — CHG-2026-012. Next check in 15s, giving up in 5m.',
    );
  });

  it('with wait, gives up at the timeout', async () => {
    const pending = checkRun({
      headSha: MERGED_HEAD,
      status: 'in_progress',
      conclusion: null,
      title: 'Pending approval — CHG-2026-012',
    });
    deployOfPr12([pending]).checkRuns(MERGED_HEAD, [pending], 2);
    const clock = fakeClock();
    const io = recordingIO({ inputs: { ...gateInputs, wait: 'true', interval: '1m', timeout: '2m' } });
    const outcome = await runCommand({ io, clock, retry: instantRetry() });
    expect(clock.slept).toEqual([60_000, 60_000]);
    expect(outcome.failure).toContain('timed out after waiting 2m for the deploy to be allowed');
  });

  it('with wait, does not wait for a rejected change', async () => {
    deployOfPr12([
      checkRun({ headSha: MERGED_HEAD, conclusion: 'failure', title: 'Rejected — CHG-2026-012' }),
    ]);
    const clock = fakeClock();
    const outcome = await runCommand({
      io: recordingIO({ inputs: { ...gateInputs, wait: 'true' } }),
      clock,
      retry: instantRetry(),
    });
    expect(clock.slept).toEqual([]);
    expect(outcome.failure).toContain('(rejected)');
  });

  it('with wait, waits out a freeze window that ends before the timeout', async () => {
    const config = [
      'change_management:',
      '  freeze_windows:',
      '    - name: lunch',
      '      start: "2026-07-01T12:00"',
      '      end: "2026-07-01T12:01"',
    ].join('\n');
    github()
      .config(MERGE_COMMIT, config)
      .deployments([{ id: 7, sha: LAST, states: ['success'] }])
      .compare(LAST, MERGE_COMMIT, [MERGE_COMMIT])
      .pullsOf(MERGE_COMMIT, [pullRequest({ number: 12, headSha: MERGED_HEAD })])
      .checkRuns(MERGED_HEAD, [checkRun({ headSha: MERGED_HEAD })], 3)
      .scope.post(`${REPO}/deployments`)
      .reply(201, { id: 99 });
    const clock = fakeClock('2026-07-01T12:00:00Z');
    const io = recordingIO({ inputs: { ...gateInputs, wait: 'true', interval: '30s', timeout: '2m' } });
    const outcome = await runCommand({ io, clock, retry: instantRetry() });
    expect(outcome.failure).toBeNull();
    expect(clock.slept).toEqual([30_000, 30_000]);
    expect(io.logs.some((line) => line.startsWith('Waiting (frozen): freeze window "lunch"'))).toBe(true);
  });

  it('with wait, does not wait for a freeze window that outlasts the timeout', async () => {
    const config = [
      'change_management:',
      '  freeze_windows:',
      '    - name: summer',
      '      start: "2026-07-01T00:00"',
      '      end: "2026-07-06T00:00"',
    ].join('\n');
    github()
      .config(MERGE_COMMIT, config)
      .deployments([{ id: 7, sha: LAST, states: ['success'] }])
      .compare(LAST, MERGE_COMMIT, [MERGE_COMMIT])
      .pullsOf(MERGE_COMMIT, [pullRequest({ number: 12, headSha: MERGED_HEAD })])
      .checkRuns(MERGED_HEAD, [checkRun({ headSha: MERGED_HEAD })]);
    const clock = fakeClock();
    const io = recordingIO({ inputs: { ...gateInputs, wait: 'true' } });
    const outcome = await runCommand({ io, clock, retry: instantRetry() });
    expect(clock.slept).toEqual([]);
    expect(outcome.failure).toContain("the freeze ends after the wait's timeout (30m): not waiting");
  });

  it('talks to the API at GITHUB_API_URL (GitHub Enterprise Server)', async () => {
    const ghes = 'https://ghes.example/api/v3';
    // GraphQL on GitHub Enterprise Server is at /api/graphql, not under /api/v3.
    nock('https://ghes.example').post('/api/graphql').reply(401, { message: 'Bad credentials' });
    const io = recordingIO({ inputs: gateInputs, env: { GITHUB_API_URL: `${ghes}/` } });
    const outcome = await runCommand({ io, clock: fakeClock(), retry: instantRetry() });
    expect(outcome.failure).toContain('Bad credentials');
    expect(API).not.toBe(ghes);
  });

  it("refuses a check-name other than the config's: the gate reads the runs (and vouchers) the app writes", async () => {
    github().defaultBranch('change_management: {}\n');
    const io = recordingIO({ inputs: { ...gateInputs, 'check-name': 'Some Other Check' } });
    const outcome = await runCommand({ io, clock: fakeClock(), retry: instantRetry() });
    expect(outcome.failure).toContain(
      'check-name "Some Other Check" is not the config\'s check_name ("Change Gate"): the gate reads the runs the app writes; remove the input',
    );
  });
});
