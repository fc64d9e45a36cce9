import { describe, expect, it } from 'vitest';
import { coveredPullsMarker } from '../../../../src/core/decision/covered-pulls-marker.ts';
import { decideDeploy } from '../../../../src/core/deploy/decide-deploy.ts';
import type { DeployCheckRun, DeployInput } from '../../../../src/core/deploy/deploy-input.ts';
import { emergencyMarker } from '../../../../src/core/deploy/emergency-marker.ts';
import { readStepsOwed, stepsOwedMarker } from '../../../../src/core/deploy/steps-owed-marker.ts';

const APP = { slug: 'change-gate', id: 42 };
const HEAD = 'a'.repeat(40);
const BACKUP = { id: 'backup_current_state', name: 'Backup current system state' };

const run = (summary: string, overrides: Partial<DeployCheckRun> = {}): DeployCheckRun => ({
  id: 1000,
  name: 'Change Gate',
  status: 'completed',
  conclusion: 'success',
  appId: APP.id,
  appSlug: APP.slug,
  outputTitle: 'Approved — CHG-2026-004',
  outputSummary: summary,
  startedAt: '2026-07-01T10:00:00Z',
  externalId: 'CHG-2026-004',
  htmlUrl: null,
  headSha: HEAD,
  ...overrides,
});

const input = (runs: DeployCheckRun[], overrides: Partial<DeployInput> = {}): DeployInput => ({
  checkName: 'Change Gate',
  trustedApp: APP,
  pullRequests: [{ number: 4, title: 'Fix', headSha: HEAD, checkRuns: runs }],
  commitsWithoutPullRequest: [],
  sha: 'd'.repeat(40),
  deployBranches: ['main'],
  branch: 'main',
  scope: { branches: [], paths: [] },
  freezeWindows: [],
  maintenanceWindows: [],
  production: true,
  at: new Date('2026-07-01T12:00:00Z'),
  readError: null,
  ...overrides,
});

const owing = (...steps: Array<{ id: string; name: string }>) =>
  `${coveredPullsMarker([4])}\n${stepsOwedMarker(4, steps)}\n\nApproved.`;

describe('the steps-owed marker', () => {
  it('round-trips the steps a pull request owes, names with any characters included', () => {
    const odd = { id: 'odd', name: 'Say --> "hi" <!-- and ünïcode' };
    const summary = `${stepsOwedMarker(4, [BACKUP, odd])}\n${stepsOwedMarker(5, [BACKUP])}`;
    expect(readStepsOwed(summary, 4)).toEqual({ ok: true, steps: [BACKUP, odd] });
    expect(readStepsOwed(summary, 5)).toEqual({ ok: true, steps: [BACKUP] });
    expect(readStepsOwed(summary, 6)).toEqual({ ok: true, steps: [] });
    expect(readStepsOwed(null, 4)).toEqual({ ok: true, steps: [] });
  });

  it.each([
    ['not base64 JSON', '<!-- change-gate:steps-owed #4 !!! -->'],
    [
      'JSON of the wrong shape',
      `<!-- change-gate:steps-owed #4 ${Buffer.from('{"id":1}').toString('base64url')} -->`,
    ],
    ['cut off', `<!-- change-gate:steps-owed #4 ${Buffer.from('[{"id":"a"').toString('base64url')} -->`],
    ['unterminated', '<!-- change-gate:steps-owed #4 W10'],
  ])('fails closed on a garbled marker for the pull request (%s)', (_what, marker) => {
    expect(readStepsOwed(`${marker}\nApproved.`, 4)).toMatchObject({ ok: false });
    // Another pull request's garbled marker is not this one's record.
    expect(readStepsOwed(`${marker}\nApproved.`, 40)).toEqual({ ok: true, steps: [] });
  });
});

describe('decideDeploy with implementation steps owed', () => {
  it('refuses a production deploy naming the step, and allows it once nothing is owed', () => {
    const refused = decideDeploy(input([run(owing(BACKUP))]));
    expect(refused.allowed).toBe(false);
    expect(refused.status).toBe('pending');
    expect(refused.reasons).toContain(
      'CHG-2026-004: step "Backup current system state" must be ticked before a production deploy',
    );
    const allowed = decideDeploy(input([run(owing())]));
    expect(allowed).toMatchObject({ allowed: true, status: 'approved' });
  });

  it('does not hold a non-production environment, nor an emergency change', () => {
    expect(decideDeploy(input([run(owing(BACKUP))], { production: false })).allowed).toBe(true);
    const emergency = run(`${owing(BACKUP)}\n${emergencyMarker()}`);
    expect(decideDeploy(input([emergency])).allowed).toBe(true);
  });

  it('fails closed on a garbled record in our run, and refuses with the reason', () => {
    const garbled = run(`${coveredPullsMarker([4])}\n<!-- change-gate:steps-owed #4 %%% -->\n\nApproved.`);
    const decision = decideDeploy(input([garbled]));
    expect(decision.status).toBe('rejected');
    expect(decision.reasons.join('\n')).toMatch(/CHG-2026-004: .*implementation steps owed cannot be read/);
  });

  it('reads no marker from a run of another app: its forged or garbled marker neither holds nor frees a deploy', () => {
    const foreign = run(owing(BACKUP), { id: 2000, appId: 7, appSlug: 'impostor' });
    // Our run owes nothing; the newer foreign run's marker is not read.
    expect(decideDeploy(input([run(owing()), foreign])).allowed).toBe(true);
    // Our run owes the backup; a foreign run saying nothing is owed frees nothing.
    const freeing = run(owing(), { id: 2001, appId: 7, appSlug: 'impostor' });
    expect(decideDeploy(input([run(owing(BACKUP)), freeing])).allowed).toBe(false);
  });
});
