import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import nock from 'nock';
import { describe, expect, it } from 'vitest';
import { runCommand } from '../../action/src/run.ts';
import { deploymentOutcome } from '../../src/core/deploy/deployment-outcome.ts';
import { useSealedNock } from '../support/sealed-nock.ts';
import { API, fakeClock, instantRetry, REPO, recordingIO, sha } from './action-harness.ts';

const DEPLOYED = sha('d');
const fixtures = new URL('../fixtures/coverage/', import.meta.url);

useSealedNock();

function deployment(changes: Array<{ change_id: string | null; testing_required: boolean | null }>) {
  return {
    id: 99,
    sha: DEPLOYED,
    environment: 'production',
    created_at: '2026-07-01T12:00:00Z',
    payload: {
      change_gate: {
        v: 1,
        changes: changes.map((change, index) => ({
          pr: 12 + index,
          head_sha: sha('b'),
          type: change.testing_required ? 'security' : 'feature',
          ...change,
        })),
      },
    },
  };
}

/** Expects the deployment read and one status write; returns the written body. */
function expectStatus(changes = [{ change_id: 'CHG-2026-012', testing_required: true }]) {
  const written: { body: Record<string, unknown> | null } = { body: null };
  nock(API)
    .get(`${REPO}/deployments/99`)
    .reply(200, deployment(changes))
    .post(`${REPO}/deployments/99/statuses`, (body) => {
      written.body = body;
      return true;
    })
    .reply(201, {});
  return written;
}

const finishInputs = (more: Record<string, string>) => ({
  'github-token': 'ghs_test',
  command: 'finish',
  'deployment-id': '99',
  ...more,
});

describe('finish', () => {
  it.each([
    ['success', 'success', 'Deployed. CHG-2026-012', 'completed'],
    ['failure', 'failure', 'Deploy failed. CHG-2026-012', 'failed'],
    ['cancelled', 'failure', 'Deploy failed. CHG-2026-012', 'failed'],
    ['rolled_back', 'failure', 'Rolled back: CHG-2026-012', 'rolled_back'],
  ])('records result %s as a %s status the app reads as %s', async (result, state, description, outcome) => {
    const written = expectStatus();
    const io = recordingIO({ inputs: finishInputs({ result }) });
    const done = await runCommand({ io, clock: fakeClock(), retry: instantRetry() });
    expect(done.failure).toBeNull();
    expect(written.body).toEqual({
      state,
      description,
      log_url: 'https://github.com/acme/shop/actions/runs/4242',
    });
    expect(deploymentOutcome({ state, description })).toBe(outcome);
    expect(io.outputs).toMatchObject({ 'deployment-id': '99', 'change-ids': 'CHG-2026-012' });
  });

  it('GitHub answers 502 after writing the status: found by re-reading, not written twice', async () => {
    nock(API)
      .get(`${REPO}/deployments/99`)
      .reply(200, deployment([{ change_id: 'CHG-2026-012', testing_required: true }]))
      .post(`${REPO}/deployments/99/statuses`)
      .reply(502, { message: 'Server Error' })
      .get(`${REPO}/deployments/99/statuses`)
      .query({ per_page: '100' })
      .reply(200, [
        { state: 'success', description: 'Deployed. CHG-2026-012', created_at: '2026-07-01T12:05:00Z' },
      ]);
    const retry = instantRetry();
    const io = recordingIO({ inputs: finishInputs({ result: 'success' }) });
    const done = await runCommand({ io, clock: fakeClock(), retry });
    expect(done.failure).toBeNull();
    expect(io.outputs).toMatchObject({ 'deployment-id': '99', status: 'success' });
    // One wait before the re-read; the POST was not sent again (no second mock: it would fail the test).
    expect(retry.waits).toEqual([1000]);
  });

  it('finishes the deployment the gate step exported when no deployment-id is given', async () => {
    expectStatus();
    const io = recordingIO({
      inputs: { 'github-token': 'ghs_test', command: 'finish', result: 'success' },
      env: { CHANGE_GATE_DEPLOYMENT_ID: '99' },
    });
    expect((await runCommand({ io, clock: fakeClock(), retry: instantRetry() })).failure).toBeNull();
  });

  it('fails the step below the coverage bar, with both numbers, after recording the result', async () => {
    const written = expectStatus();
    nock(API)
      .get(`${REPO}/contents/.github%2Fchange-management.yml`)
      .reply(404, {})
      .get('/repos/acme/.github/contents/.github%2Fchange-management.yml')
      .reply(404, {});
    const io = recordingIO({
      inputs: finishInputs({ result: 'success', 'coverage-file': 'lcov.info' }),
      env: { GITHUB_WORKSPACE: new URL('.', fixtures).pathname },
    });
    const done = await runCommand({ io, clock: fakeClock(), retry: instantRetry() });
    expect(written.body).toMatchObject({ state: 'success' });
    expect(done.failure).toBe(
      'coverage 75% is below the required 80% (testing.test_coverage_required) for CHG-2026-012 (lcov, 75/100 lines)',
    );
    expect(io.outputs.coverage).toBe('75');
    expect(io.summary).toContain('Coverage: coverage 75% is below the required 80%');
  });

  it('passes coverage against the configured bar', async () => {
    expectStatus();
    nock(API)
      .get(`${REPO}/contents/.github%2Fchange-management.yml`)
      .reply(200, 'change_management:\n  testing:\n    test_coverage_required: 70\n');
    const io = recordingIO({
      inputs: finishInputs({ result: 'success', 'coverage-file': 'lcov.info', 'coverage-format': 'lcov' }),
      env: { GITHUB_WORKSPACE: new URL('.', fixtures).pathname },
    });
    expect((await runCommand({ io, clock: fakeClock(), retry: instantRetry() })).failure).toBeNull();
    expect(io.outputs.coverage).toBe('75');
  });

  it('does not apply the bar when no deployed change requires testing', async () => {
    expectStatus([{ change_id: 'CHG-2026-013', testing_required: false }]);
    nock(API).get(`${REPO}/contents/.github%2Fchange-management.yml`).reply(200, 'change_management: {}\n');
    const dir = mkdtempSync(join(tmpdir(), 'cg-'));
    writeFileSync(
      join(dir, 'low.json'),
      JSON.stringify({ total: { lines: { total: 10, covered: 1, pct: 10 } } }),
    );
    const io = recordingIO({
      inputs: finishInputs({ result: 'success', 'coverage-file': join(dir, 'low.json') }),
    });
    try {
      expect((await runCommand({ io, clock: fakeClock(), retry: instantRetry() })).failure).toBeNull();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    expect(io.summary).toContain('no change in this deploy requires testing');
  });

  it('fails with a clear message for a missing or malformed coverage file', async () => {
    expectStatus();
    const io = recordingIO({
      inputs: finishInputs({ result: 'success', 'coverage-file': '/nonexistent/lcov.info' }),
    });
    const done = await runCommand({ io, clock: fakeClock(), retry: instantRetry() });
    expect(done.failure).toBe(
      '/nonexistent/lcov.info: coverage-file /nonexistent/lcov.info does not exist; did the test step write it (and run in this job)?',
    );
    expectStatus();
    const malformed = recordingIO({
      inputs: finishInputs({
        result: 'success',
        'coverage-file': new URL('malformed.lcov', fixtures).pathname,
      }),
    });
    const failed = await runCommand({ io: malformed, clock: fakeClock(), retry: instantRetry() });
    expect(failed.failure).toMatch(/lcov line 4: LH must be a whole number/);
  });

  it('refuses a result it does not know before touching GitHub', async () => {
    const io = recordingIO({ inputs: finishInputs({ result: 'skipped' }) });
    await expect(runCommand({ io, clock: fakeClock(), retry: instantRetry() })).rejects.toThrow(
      'input result: "skipped" is not success, failure, cancelled or rolled_back',
    );
  });
});
