import { describe, expect, it } from 'vitest';
import { runCommand } from '../../action/src/run.ts';
import { maintenanceMarker } from '../../src/core/deploy/maintenance-marker.ts';
import { useSealedNock } from '../support/sealed-nock.ts';
import {
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

// The fake clock starts on Wednesday 2026-07-01 12:00 UTC; the window opens at 12:01 UTC.
const CONFIG = [
  'change_management:',
  '  maintenance_windows:',
  '    - name: wednesday noon',
  '      recurring: { days: [wed], from: "12:01", to: "13:00" }',
].join('\n');

/** #12, approved, whose trusted run says it deploys only in a maintenance window. */
function deployOfWindowChange(times = 1, config = CONFIG) {
  const marker = maintenanceMarker([{ number: 12, request: { slot: null } }]) as string;
  return github()
    .config(MERGE_COMMIT, config)
    .deployments([{ id: 7, sha: LAST, states: ['success'] }])
    .compare(LAST, MERGE_COMMIT, [MERGE_COMMIT])
    .pullsOf(MERGE_COMMIT, [pullRequest({ number: 12, headSha: MERGED_HEAD })])
    .checkRuns(MERGED_HEAD, [checkRun({ headSha: MERGED_HEAD, markers: [marker] })], times);
}

useSealedNock();

describe('gate: a change that deploys only in a maintenance window', () => {
  it('refuses outside the window with status outside_window, naming the next window', async () => {
    deployOfWindowChange();
    const io = recordingIO({ inputs: gateInputs });
    const outcome = await runCommand({ io, clock: fakeClock(), retry: instantRetry() });
    expect(outcome.failure).toContain(
      'the next is maintenance window "wednesday noon" from 2026-07-01T12:01:00.000Z',
    );
    expect(io.outputs.status).toBe('outside_window');
    expect(io.summary).toContain('outside a maintenance window');
    expect(io.summary).toContain('CHG-2026-012 (maintenance window)');
  });

  it('does not hold a deploy to an environment outside production_environments', async () => {
    // This repository's production environment is called "live": "production" is just another environment.
    deployOfWindowChange(1, `${CONFIG}\n  production_environments: [live]`)
      .scope.post(`${REPO}/deployments`)
      .reply(201, { id: 99 });
    const io = recordingIO({ inputs: gateInputs });
    const outcome = await runCommand({ io, clock: fakeClock(), retry: instantRetry() });
    expect(outcome.failure).toBeNull();
    expect(io.outputs.status).toBe('approved');
  });

  it('with wait, waits until the window opens and then deploys', async () => {
    deployOfWindowChange(3).scope.post(`${REPO}/deployments`).reply(201, { id: 99 });
    const clock = fakeClock();
    const io = recordingIO({ inputs: { ...gateInputs, wait: 'true', interval: '30s', timeout: '2m' } });
    const outcome = await runCommand({ io, clock, retry: instantRetry() });
    expect(outcome.failure).toBeNull();
    expect(clock.slept).toEqual([30_000, 30_000]);
    expect(io.outputs.status).toBe('approved');
    expect(io.logs.some((line) => line.startsWith('Waiting (outside_window): #12 (CHG-2026-012)'))).toBe(
      true,
    );
  });

  it('with wait, does not wait for a window that opens after the timeout', async () => {
    deployOfWindowChange();
    const clock = fakeClock('2026-07-01T13:30:00Z');
    const io = recordingIO({ inputs: { ...gateInputs, wait: 'true' } });
    const outcome = await runCommand({ io, clock, retry: instantRetry() });
    expect(clock.slept).toEqual([]);
    expect(outcome.failure).toContain(
      "the next maintenance window opens after the wait's timeout (30m): not waiting",
    );
  });
});
