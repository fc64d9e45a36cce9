import { describe, expect, it } from 'vitest';
import { coveredPullsMarker } from '../../../../src/core/decision/covered-pulls-marker.ts';
import { decideDeploy } from '../../../../src/core/deploy/decide-deploy.ts';
import type {
  DeployCheckRun,
  DeployInput,
  DeployPullRequest,
} from '../../../../src/core/deploy/deploy-input.ts';
import { emergencyMarker } from '../../../../src/core/deploy/emergency-marker.ts';

const APP = { slug: 'change-gate', id: 42 };
let nextId = 1000;

function run(overrides: Partial<DeployCheckRun> & { headSha: string }): DeployCheckRun {
  return {
    id: nextId++,
    name: 'Change Gate',
    status: 'completed',
    conclusion: 'success',
    appId: APP.id,
    appSlug: APP.slug,
    outputTitle: 'Approved — CHG-2026-012',
    outputSummary: `Approved.\n\n${coveredPullsMarker([12])}`,
    startedAt: '2026-07-01T10:00:00Z',
    externalId: 'CHG-2026-012',
    htmlUrl: 'https://github.com/acme/shop/runs/1',
    ...overrides,
  };
}

function pr(overrides: Partial<DeployPullRequest> = {}): DeployPullRequest {
  const headSha = overrides.headSha ?? 'a'.repeat(40);
  const number = overrides.number ?? 12;
  return {
    number,
    title: 'MFA',
    headSha,
    checkRuns: [run({ headSha, outputSummary: coveredPullsMarker([number]) })],
    ...overrides,
  };
}

function input(overrides: Partial<DeployInput> = {}): DeployInput {
  return {
    checkName: 'Change Gate',
    trustedApp: APP,
    pullRequests: [pr()],
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
  };
}

describe('decideDeploy', () => {
  it('allows a deploy whose every PR has a success check by the trusted app on its merged head', () => {
    const decision = decideDeploy(input());
    expect(decision).toMatchObject({ allowed: true, status: 'approved', freeze: null });
    expect(decision.changes).toEqual([
      {
        pr: 12,
        changeId: 'CHG-2026-012',
        headSha: 'a'.repeat(40),
        gate: 'approved',
        emergency: false,
        maintenance: null,
        detail: 'Approved — CHG-2026-012',
        checkUrl: 'https://github.com/acme/shop/runs/1',
      },
    ]);
    expect(decision.reasons).toEqual(['1 pull request approved at their merged head (CHG-2026-012)']);
  });

  it('refuses a PR whose latest trusted check is a failure, with its title as the reason', () => {
    const headSha = 'b'.repeat(40);
    const checks = [
      run({ headSha, id: 1 }),
      run({ headSha, id: 2, conclusion: 'failure', outputTitle: 'Rejected — CHG-2026-012' }),
    ];
    const decision = decideDeploy(input({ pullRequests: [pr({ headSha, checkRuns: checks })] }));
    expect(decision).toMatchObject({ allowed: false, status: 'rejected' });
    expect(decision.changes[0]!.gate).toBe('failed');
    expect(decision.reasons).toEqual(['#12 (CHG-2026-012): Rejected — CHG-2026-012']);
  });

  it('is pending while the trusted check is in progress or says it waits for approval', () => {
    const headSha = 'c'.repeat(40);
    const inProgress = run({
      headSha,
      status: 'in_progress',
      conclusion: null,
      outputTitle: 'Pending approval — CHG-2026-012',
    });
    expect(decideDeploy(input({ pullRequests: [pr({ headSha, checkRuns: [inProgress] })] }))).toMatchObject({
      allowed: false,
      status: 'pending',
      reasons: ['#12 (CHG-2026-012): Pending approval — CHG-2026-012'],
    });
    const completedPending = run({
      headSha,
      conclusion: 'action_required',
      outputTitle: 'Pending approval — CHG-2026-012',
    });
    expect(
      decideDeploy(input({ pullRequests: [pr({ headSha, checkRuns: [completedPending] })] })).status,
    ).toBe('pending');
  });

  it('refuses a PR whose merged head has no check (a commit pushed after the approval)', () => {
    const approvedSha = 'd'.repeat(40);
    const mergedSha = 'e'.repeat(40);
    const decision = decideDeploy(
      input({ pullRequests: [pr({ headSha: mergedSha, checkRuns: [run({ headSha: approvedSha })] })] }),
    );
    expect(decision).toMatchObject({ allowed: false, status: 'rejected' });
    expect(decision.changes[0]).toMatchObject({ gate: 'missing', changeId: null });
    expect(decision.reasons[0]).toBe(
      '#12: no "Change Gate" check run by change-gate on the merged head eeeeeee',
    );
  });

  it('ignores a same-named success check created by another app', () => {
    const headSha = 'f'.repeat(40);
    const forged = run({ headSha, appSlug: 'impostor', appId: 7 });
    const decision = decideDeploy(input({ pullRequests: [pr({ headSha, checkRuns: [forged] })] }));
    expect(decision).toMatchObject({ allowed: false, status: 'rejected' });
    expect(decision.changes[0]!.gate).toBe('foreign');
    expect(decision.reasons[0]).toMatch(/created by impostor, not by change-gate: it does not count/);
  });

  it('checks the app id too when configured (same slug, other id)', () => {
    const headSha = 'f'.repeat(40);
    const sameSlug = run({ headSha, appId: 99 });
    expect(decideDeploy(input({ pullRequests: [pr({ headSha, checkRuns: [sameSlug] })] })).allowed).toBe(
      false,
    );
    expect(
      decideDeploy(
        input({
          trustedApp: { slug: 'change-gate', id: null },
          pullRequests: [pr({ headSha, checkRuns: [sameSlug] })],
        }),
      ).allowed,
    ).toBe(true);
  });

  it('takes the latest trusted run: a newer success over an older failure', () => {
    const headSha = '1'.repeat(40);
    const checks = [
      run({ headSha, id: 5, conclusion: 'failure', outputTitle: 'x' }),
      run({ headSha, id: 6 }),
    ];
    expect(decideDeploy(input({ pullRequests: [pr({ headSha, checkRuns: checks })] })).allowed).toBe(true);
  });

  it('refuses when any one of several PRs is not approved', () => {
    const ok = pr({ number: 1 });
    const missing = pr({ number: 2, headSha: '2'.repeat(40), checkRuns: [] });
    const decision = decideDeploy(input({ pullRequests: [ok, missing] }));
    expect(decision.allowed).toBe(false);
    expect(decision.changes.map((change) => change.gate)).toEqual(['approved', 'missing']);
  });

  it('allows a non-change PR the app passed ("Not a change request", no change id)', () => {
    const headSha = '3'.repeat(40);
    const notChange = run({ headSha, externalId: '', outputTitle: 'Not a change request' });
    const decision = decideDeploy(input({ pullRequests: [pr({ headSha, checkRuns: [notChange] })] }));
    expect(decision).toMatchObject({
      allowed: true,
      reasons: ['1 pull request passed the gate; none is a change request'],
    });
    expect(decision.changes[0]!.changeId).toBeNull();
  });

  it('refuses a direct push where the scope requires a change, and allows it where none is required', () => {
    const commit = { sha: '4'.repeat(40), files: ['infra/main.tf'] };
    const scoped = decideDeploy(
      input({
        pullRequests: [],
        commitsWithoutPullRequest: [commit],
        scope: { branches: [], paths: ['infra/**'] },
      }),
    );
    expect(scoped).toMatchObject({ allowed: false, status: 'rejected' });
    expect(scoped.reasons[0]).toMatch(/commit 4444444 came in without a pull request/);
    expect(decideDeploy(input({ pullRequests: [], commitsWithoutPullRequest: [commit] })).allowed).toBe(true);
    const elsewhere = input({
      pullRequests: [],
      commitsWithoutPullRequest: [commit],
      scope: { branches: [], paths: ['docs/**'] },
    });
    expect(decideDeploy(elsewhere).allowed).toBe(true);
    const branchScoped = input({
      pullRequests: [],
      commitsWithoutPullRequest: [commit],
      scope: { branches: ['main'], paths: [] },
    });
    expect(decideDeploy(branchScoped).allowed).toBe(false);
    const unknown = input({
      pullRequests: [],
      branch: null,
      commitsWithoutPullRequest: [{ sha: commit.sha, files: null }],
      scope: { branches: ['release/*'], paths: [] },
    });
    expect(decideDeploy(unknown).allowed).toBe(false);
  });

  it('refuses inside a freeze window with its name and end', () => {
    const freezeWindows = [
      { name: 'Black Friday', timezone: 'Europe/Berlin', start: '2026-07-01T00:00', end: '2026-07-02T00:00' },
    ];
    const decision = decideDeploy(input({ freezeWindows }));
    expect(decision).toMatchObject({
      allowed: false,
      status: 'frozen',
      freeze: { name: 'Black Friday', endsAt: '2026-07-01T22:00:00.000Z' },
    });
    expect(decision.reasons).toEqual([
      'freeze window "Black Friday" is in force until 2026-07-01T22:00:00.000Z: only emergency changes may deploy',
    ]);
  });

  it('lets an emergency deploy through a freeze window, but only when every PR is an emergency', () => {
    const freezeWindows = [
      { name: 'f', timezone: 'UTC', start: '2026-07-01T00:00', end: '2026-07-02T00:00' },
    ];
    const headSha = 'e'.repeat(40);
    const emergency = pr({
      headSha,
      checkRuns: [run({ headSha, outputSummary: `${coveredPullsMarker([12])}\n${emergencyMarker()}` })],
    });
    const passed = decideDeploy(input({ freezeWindows, pullRequests: [emergency] }));
    expect(passed).toMatchObject({ allowed: true, status: 'approved', freeze: { name: 'f' } });
    expect(passed.reasons[0]).toMatch(/an emergency deploy may proceed/);
    const mixed = decideDeploy(input({ freezeWindows, pullRequests: [emergency, pr({ number: 13 })] }));
    expect(mixed).toMatchObject({ allowed: false, status: 'frozen' });
  });

  it('still requires the approval of an emergency change (until retroactive approval lands)', () => {
    const headSha = '5'.repeat(40);
    const failed = run({
      headSha,
      conclusion: 'failure',
      outputSummary: `${coveredPullsMarker([12])}${emergencyMarker()}`,
    });
    expect(decideDeploy(input({ pullRequests: [pr({ headSha, checkRuns: [failed] })] })).allowed).toBe(false);
  });

  it("never takes emergency evidence from a label, another app or user text: only our run's marker", () => {
    const freezeWindows = [
      { name: 'f', timezone: 'UTC', start: '2026-07-01T00:00', end: '2026-07-02T00:00' },
    ];
    const headSha = 'f'.repeat(40);
    const frozen = (checkRuns: DeployCheckRun[]) =>
      decideDeploy(input({ freezeWindows, pullRequests: [pr({ headSha, checkRuns })] })).status;
    // A run without the marker (the label `change:emergency` is not even part of the input).
    expect(frozen([run({ headSha })])).toBe('frozen');
    // The marker escaped, as user text in our summary always is.
    const covers = coveredPullsMarker([12]);
    const escaped = `${covers}&lt;!-- change-gate:emergency --&gt;`;
    expect(frozen([run({ headSha, outputSummary: escaped })])).toBe('frozen');
    // The marker on another app's same-named run next to our plain success.
    const impostor = run({
      headSha,
      appId: 7,
      appSlug: 'impostor',
      outputSummary: `${covers}${emergencyMarker()}`,
    });
    expect(frozen([run({ headSha }), impostor])).toBe('frozen');
    expect(frozen([run({ headSha, outputSummary: `${covers}${emergencyMarker()}` })])).toBe('approved');
  });

  it('fails closed when GitHub could not be read, whatever the checks say', () => {
    const decision = decideDeploy(
      input({ readError: 'GET /repos/acme/shop/compare failed with 502 after 4 attempts' }),
    );
    expect(decision).toMatchObject({ allowed: false, status: 'error' });
    expect(decision.reasons[0]).toBe(
      'GitHub could not be read, so the deploy is refused: GET /repos/acme/shop/compare failed with 502 after 4 attempts',
    );
  });

  it('fails closed on a malformed freeze window', () => {
    const freezeWindows = [
      { name: 'bad', timezone: 'Nowhere/City', start: '2026-07-01T00:00', end: '2026-07-02T00:00' },
    ];
    const decision = decideDeploy(input({ freezeWindows }));
    expect(decision).toMatchObject({ allowed: false, status: 'error' });
    expect(decision.reasons[0]).toMatch(/freeze windows cannot be read.*"bad": timezone "Nowhere\/City"/);
  });

  it('ranks statuses: rejected over frozen over pending', () => {
    const freezeWindows = [
      { name: 'f', timezone: 'UTC', start: '2026-07-01T00:00', end: '2026-07-02T00:00' },
    ];
    const pendingSha = '6'.repeat(40);
    const pending = pr({
      number: 2,
      headSha: pendingSha,
      checkRuns: [
        run({
          headSha: pendingSha,
          status: 'queued',
          conclusion: null,
          outputSummary: coveredPullsMarker([2]),
        }),
      ],
    });
    expect(decideDeploy(input({ pullRequests: [pending] })).status).toBe('pending');
    expect(decideDeploy(input({ freezeWindows, pullRequests: [pending] })).status).toBe('frozen');
    const missing = pr({ number: 3, headSha: '7'.repeat(40), checkRuns: [] });
    expect(decideDeploy(input({ freezeWindows, pullRequests: [pending, missing] })).status).toBe('rejected');
  });

  it('never reads a change id that is not CHG-<year>-<number>', () => {
    const headSha = '8'.repeat(40);
    const odd = run({ headSha, externalId: '<img src=x>', outputTitle: 'Approved' });
    expect(
      decideDeploy(input({ pullRequests: [pr({ headSha, checkRuns: [odd] })] })).changes[0]!.changeId,
    ).toBeNull();
  });

  it('counts a run for a pull request only when the run covers it (one head, several pull requests)', () => {
    const headSha = '9'.repeat(40);
    const decide = (checkRuns: DeployCheckRun[]) =>
      decideDeploy(input({ pullRequests: [pr({ number: 1, headSha, checkRuns })] })).changes[0]!;
    // Another PR's evaluation wrote a success on the same head, for itself only.
    const other = decide([
      run({ headSha, outputSummary: `Not a change request.\n${coveredPullsMarker([2])}` }),
    ]);
    expect(other).toMatchObject({ gate: 'missing', changeId: null });
    expect(other.detail).toBe(
      '"Change Gate" by change-gate on 9999999 covers #2, not #1: it does not approve it',
    );
    // An older run without the marker says nothing about whom it covers.
    const unmarked = decide([run({ headSha, outputSummary: 'Approved.' })]);
    expect(unmarked.detail).toBe(
      '"Change Gate" by change-gate on 9999999 does not list the pull requests it covers, so it does not approve #1',
    );
    // The latest run that covers #1 decides, even when a newer one covers only #2 (#1 was merged since).
    const merged = decide([
      run({ id: 1, headSha, outputSummary: coveredPullsMarker([1, 2]) }),
      run({ id: 2, headSha, outputSummary: coveredPullsMarker([2]) }),
    ]);
    expect(merged.gate).toBe('approved');
    const pending = decide([
      run({ id: 1, headSha, outputSummary: coveredPullsMarker([1]) }),
      run({
        id: 2,
        headSha,
        conclusion: null,
        status: 'in_progress',
        outputSummary: coveredPullsMarker([1, 2]),
      }),
    ]);
    expect(pending.gate).toBe('pending');
    // #12 is not #1: the marker is read as numbers, not as text.
    expect(decide([run({ headSha, outputSummary: coveredPullsMarker([12]) })]).gate).toBe('missing');
  });

  it('refuses a commit on no deploy branch wherever the scope requires a change, and only there', () => {
    const off = (scope: DeployInput['scope']) =>
      decideDeploy(input({ branch: null, deployBranches: ['main', 'release'], scope }));
    const refused = off({ branches: [], paths: ['infra/**'] });
    expect(refused).toMatchObject({ allowed: false, status: 'rejected' });
    expect(refused.reasons).toContain(
      "commit ddddddd is on none of the deploy branches (main, release): where the config's scope requires a change request, only what was merged there may be deployed",
    );
    expect(off({ branches: ['main'], paths: [] }).allowed).toBe(false);
    // Nowhere requires a change: an approved pull request deployed as it is may go.
    expect(off({ branches: [], paths: [] }).allowed).toBe(true);
  });
});
