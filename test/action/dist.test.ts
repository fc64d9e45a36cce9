import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runAction as runBundledAction } from '../../sandbox/harness/run-action.ts';
import { checkRun, pullRequest, sha } from './action-harness.ts';
import { type LoopbackGitHub, startLoopbackGitHub } from './loopback-github.ts';

const LAST = sha('a');
const HEAD = sha('b');
const MERGE = sha('d');

/** The bundle run as the runner runs it (see sandbox/harness/run-action.ts) against the loopback stand-in. */
const runAction = (options: {
  github: LoopbackGitHub;
  inputs: Record<string, string>;
  env?: Record<string, string>;
}) =>
  runBundledAction({
    apiUrl: options.github.url,
    token: 'ghs_loopback',
    repository: 'acme/shop',
    sha: MERGE,
    inputs: options.inputs,
    ...(options.env ? { env: options.env } : {}),
  });

describe('the bundled action, run as the runner runs it', () => {
  let github: LoopbackGitHub;
  const pending = checkRun({
    id: 1,
    headSha: HEAD,
    status: 'in_progress',
    conclusion: null,
    title: 'Pending approval — CHG-2026-012',
  });

  beforeAll(async () => {
    github = await startLoopbackGitHub({
      config: null,
      deployments: [
        {
          id: 7,
          sha: LAST,
          environment: 'production',
          payload: {},
          statuses: [{ state: 'success', description: '' }],
        },
      ],
      compare: { [`${LAST}...${MERGE}`]: [HEAD, MERGE] },
      pullsOfCommit: {
        [HEAD]: [pullRequest({ number: 12, headSha: HEAD })],
        [MERGE]: [pullRequest({ number: 12, headSha: HEAD })],
      },
      checkRuns: { [HEAD]: [pending] },
    });
  });
  afterAll(async () => {
    await github.close();
  });

  it('refuses before approval, allows after it, and records the deploy as completed', async () => {
    const refused = await runAction({ github, inputs: { environment: 'production' } });
    expect(refused.code).toBe(1);
    expect(refused.stdout).toContain(
      '::error::Change Gate refused the deploy to production (pending):%0A- #12 (CHG-2026-012): Pending approval',
    );
    expect(refused.outputs).toEqual({ 'change-ids': 'CHG-2026-012', status: 'pending', 'deployment-id': '' });
    expect(refused.summary).toContain('| #12 | CHG-2026-012 | `bbbbbbb` | pending |');
    expect(github.state.deployments).toHaveLength(1);

    github.state.checkRuns[HEAD] = [pending, checkRun({ id: 2, headSha: HEAD })];
    const allowed = await runAction({ github, inputs: { environment: 'production' } });
    expect(allowed.code).toBe(0);
    expect(allowed.outputs).toEqual({
      'change-ids': 'CHG-2026-012',
      status: 'approved',
      'deployment-id': '1001',
    });
    expect(allowed.env).toEqual({ CHANGE_GATE_DEPLOYMENT_ID: '1001' });
    expect(allowed.summary).toContain('**Decision: approved**');
    const created = github.state.deployments[1]!;
    expect(created).toMatchObject({ sha: MERGE, environment: 'production' });
    // Its creation is its start: no status until finish (the app records implementing from the creation).
    expect(created.statuses).toEqual([]);

    // The runner turns GITHUB_ENV into the environment of the job's later steps.
    const finished = await runAction({
      github,
      inputs: { command: 'finish', result: 'success' },
      env: allowed.env,
    });
    expect(finished.code).toBe(0);
    expect(created.statuses[0]).toEqual({ state: 'success', description: 'Deployed. CHG-2026-012' });
    expect(github.unknown).toEqual([]);
  });

  it('fails the step with a readable error on bad input', async () => {
    const result = await runAction({ github, inputs: { environment: 'production', wait: 'maybe' } });
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('::error::Change Gate: input wait: "maybe" is not true or false');
  });
});
