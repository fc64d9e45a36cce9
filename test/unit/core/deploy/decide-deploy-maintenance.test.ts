import { describe, expect, it } from 'vitest';
import { coveredPullsMarker } from '../../../../src/core/decision/covered-pulls-marker.ts';
import { decideDeploy } from '../../../../src/core/deploy/decide-deploy.ts';
import type {
  DeployCheckRun,
  DeployInput,
  DeployPullRequest,
} from '../../../../src/core/deploy/deploy-input.ts';
import { emergencyMarker } from '../../../../src/core/deploy/emergency-marker.ts';
import { maintenanceMarker } from '../../../../src/core/deploy/maintenance-marker.ts';
import { maintenanceSlotOf } from '../../../../src/core/deploy/maintenance-slot.ts';
import type { FreezeWindow } from '../../../../src/core/policy/policy.ts';

const APP = { slug: 'change-gate', id: 42 };
// 2026-07-01 is a Wednesday; Berlin is UTC+2 in summer: Sunday 01:00–04:00 local = Saturday 23:00 – Sunday 02:00 UTC.
const WEDNESDAY_NOON = new Date('2026-07-01T12:00:00Z');
const SUNDAY_NIGHT: FreezeWindow = {
  name: 'sunday night',
  timezone: 'Europe/Berlin',
  recurring: { days: ['sun'], from: '01:00', to: '04:00' },
};

/** Our success run on PR #`number`'s head, its summary carrying `markers`. */
function ourRun(options: { number: number; markers?: string[]; id?: number }): DeployCheckRun {
  return {
    id: options.id ?? 1000 + options.number,
    name: 'Change Gate',
    status: 'completed',
    conclusion: 'success',
    appId: APP.id,
    appSlug: APP.slug,
    outputTitle: `Approved — CHG-2026-0${options.number}`,
    outputSummary: [coveredPullsMarker([options.number]), ...(options.markers ?? [])].join('\n'),
    startedAt: '2026-06-30T10:00:00Z',
    externalId: `CHG-2026-0${options.number}`,
    htmlUrl: null,
    headSha: headOf(options.number),
  };
}

const headOf = (number: number) => String(number % 10).repeat(40);

function pr(number: number, checkRuns: DeployCheckRun[]): DeployPullRequest {
  return { number, title: 'x', headSha: headOf(number), checkRuns };
}

/** A pull request whose trusted run says it waits for a window (`slot`: its scheduled_time, if any). */
function asking(number: number, options: { slot?: string; emergency?: boolean } = {}): DeployPullRequest {
  const marker = maintenanceMarker([{ number, request: { slot: maintenanceSlotOf(options.slot) } }])!;
  const markers = [marker, ...(options.emergency ? [emergencyMarker()] : [])];
  return pr(number, [ourRun({ number, markers })]);
}

function input(overrides: Partial<DeployInput> = {}): DeployInput {
  return {
    checkName: 'Change Gate',
    trustedApp: APP,
    pullRequests: [asking(12)],
    commitsWithoutPullRequest: [],
    sha: 'd'.repeat(40),
    deployBranches: ['main'],
    branch: 'main',
    scope: { branches: [], paths: [] },
    freezeWindows: [],
    maintenanceWindows: [SUNDAY_NIGHT],
    production: true,
    at: WEDNESDAY_NOON,
    readError: null,
    ...overrides,
  };
}

describe('decideDeploy: changes that ask for a maintenance window', () => {
  it('refuses outside every window, naming the next one and when it opens', () => {
    const decision = decideDeploy(input());
    expect(decision).toMatchObject({
      allowed: false,
      status: 'outside_window',
      maintenance: { next: { name: 'sunday night', startsAt: '2026-07-04T23:00:00.000Z' } },
    });
    expect(decision.changes[0]!.maintenance).toEqual({ slot: null });
    expect(decision.reasons).toEqual([
      '#12 (CHG-2026-012) deploys to production only inside a maintenance window (a configured maintenance window; it has no scheduled_time), and none is open: the next is maintenance window "sunday night" from 2026-07-04T23:00:00.000Z',
    ]);
  });

  it('allows the deploy inside a configured window', () => {
    const decision = decideDeploy(input({ at: new Date('2026-07-05T00:30:00Z') }));
    expect(decision).toMatchObject({ allowed: true, status: 'approved', maintenance: null });
    expect(decision.reasons[0]).toBe(
      '#12 (CHG-2026-012) deploys inside maintenance window "sunday night" (open until 2026-07-05T02:00:00.000Z)',
    );
  });

  it('allows the deploy inside its own scheduled slot (two hours), and names the slot when it is next', () => {
    const inside = decideDeploy(input({ pullRequests: [asking(12, { slot: '2026-07-01T11:00:00Z' })] }));
    expect(inside).toMatchObject({ allowed: true, status: 'approved' });
    expect(inside.reasons[0]).toMatch(
      /deploys inside its scheduled slot \(open until 2026-07-01T13:00:00.000Z\)/,
    );

    const ahead = decideDeploy(input({ pullRequests: [asking(12, { slot: '2026-07-02T02:00:00Z' })] }));
    expect(ahead).toMatchObject({
      status: 'outside_window',
      maintenance: { next: { name: 'scheduled slot', startsAt: '2026-07-02T02:00:00.000Z' } },
    });
    expect(ahead.reasons[0]).toContain(
      'its scheduled slot 2026-07-02T02:00:00.000Z–2026-07-02T04:00:00.000Z or a configured maintenance window',
    );

    // The slot is over: the next configured window is named instead.
    const past = decideDeploy(input({ pullRequests: [asking(12, { slot: '2026-07-01T09:00:00Z' })] }));
    expect(past.maintenance?.next?.name).toBe('sunday night');
  });

  it('refuses with no next window when none lies ahead, so `wait` does not wait for nothing', () => {
    const decision = decideDeploy(input({ maintenanceWindows: [] }));
    expect(decision).toMatchObject({ allowed: false, status: 'outside_window', maintenance: { next: null } });
    expect(decision.reasons[0]).toMatch(/nor is one ahead: set a future scheduled_time/);
  });

  it('does not hold an emergency change (our run carries the emergency marker)', () => {
    const decision = decideDeploy(input({ pullRequests: [asking(12, { emergency: true })] }));
    expect(decision).toMatchObject({ allowed: true, status: 'approved', maintenance: null });
    expect(decision.reasons[0]).toBe(
      '#12 (CHG-2026-012) is an emergency change: it is not held for a maintenance window',
    );
  });

  it('does not hold a deploy to an environment that is not a production environment', () => {
    const decision = decideDeploy(input({ production: false }));
    expect(decision).toMatchObject({ allowed: true, status: 'approved', maintenance: null });
    expect(decision.reasons[0]).toMatch(/holds production deploys only/);
  });

  it('holds the deploy while any of its changes waits, naming the window that opens last', () => {
    const decision = decideDeploy(
      input({
        pullRequests: [
          asking(12, { slot: '2026-07-01T11:00:00Z' }),
          asking(13, { slot: '2026-07-02T02:00:00Z' }),
          asking(14),
          pr(15, [ourRun({ number: 15 })]),
        ],
      }),
    );
    expect(decision.status).toBe('outside_window');
    expect(decision.maintenance?.next).toEqual({
      name: 'sunday night',
      startsAt: '2026-07-04T23:00:00.000Z',
    });
    expect(decision.reasons.filter((reason) => reason.includes('none is open'))).toHaveLength(2);
  });

  it('ranks statuses: frozen over outside_window over pending', () => {
    const freezeWindows: FreezeWindow[] = [
      { name: 'f', timezone: 'UTC', start: '2026-07-01T00:00', end: '2026-07-02T00:00' },
    ];
    expect(decideDeploy(input({ freezeWindows })).status).toBe('frozen');
    const pending = pr(13, [{ ...ourRun({ number: 13 }), status: 'in_progress', conclusion: null }]);
    expect(decideDeploy(input({ pullRequests: [asking(12), pending] })).status).toBe('outside_window');
  });

  it('fails closed on a malformed maintenance window, only when a change waits for one', () => {
    const bad: FreezeWindow = {
      name: 'bad',
      timezone: 'Nowhere/City',
      start: '2026-07-01T00:00',
      end: '2026-07-02T00:00',
    };
    const decision = decideDeploy(input({ maintenanceWindows: [bad] }));
    expect(decision).toMatchObject({ allowed: false, status: 'error' });
    expect(decision.reasons[0]).toMatch(
      /maintenance windows cannot be read.*maintenance window "bad": timezone/,
    );
    const unrelated = decideDeploy(
      input({ maintenanceWindows: [bad], pullRequests: [pr(15, [ourRun({ number: 15 })])] }),
    );
    expect(unrelated.status).toBe('approved');
  });
});

describe('decideDeploy: only our own run says a change waits for a window', () => {
  const marker = maintenanceMarker([{ number: 12, request: { slot: null } }])!;

  it('ignores a marker in another app’s same-named run, newer or not', () => {
    const impostor: DeployCheckRun = {
      ...ourRun({ number: 12, markers: [marker], id: 5000 }),
      appId: 7,
      appSlug: 'impostor',
    };
    // Another app cannot hold a change back…
    expect(decideDeploy(input({ pullRequests: [pr(12, [ourRun({ number: 12 }), impostor])] })).status).toBe(
      'approved',
    );
    // …nor release one: our run's marker stands, whatever the newer foreign run says.
    const plain: DeployCheckRun = { ...ourRun({ number: 12, id: 6000 }), appId: 7, appSlug: 'impostor' };
    expect(
      decideDeploy(input({ pullRequests: [pr(12, [ourRun({ number: 12, markers: [marker] }), plain])] }))
        .status,
    ).toBe('outside_window');
  });

  it('ignores the marker as user text shows it in our summary (escaped), and a marker for another pull request', () => {
    const escaped = marker.replace('<', '&lt;').replace('>', '&gt;');
    expect(
      decideDeploy(input({ pullRequests: [pr(12, [ourRun({ number: 12, markers: [escaped] })])] })).status,
    ).toBe('approved');
    const forOther = maintenanceMarker([{ number: 99, request: { slot: null } }])!;
    expect(
      decideDeploy(input({ pullRequests: [pr(12, [ourRun({ number: 12, markers: [forOther] })])] })).status,
    ).toBe('approved');
  });

  it('fails closed when our own run carries a marker that cannot be read', () => {
    const garbled = [
      '<!-- change-gate:maintenance #12@tomorrow -->',
      '<!-- change-gate:maintenance #12@2026-07-02T04:00:00.000Z/2026-07-02T02:00:00.000Z -->',
      '<!-- change-gate:maintenance #12@- #12@- -->',
      `${marker}\n${marker}`,
      '<!-- change-gate:maintenance',
    ];
    for (const text of garbled) {
      const decision = decideDeploy(
        input({ pullRequests: [pr(12, [ourRun({ number: 12, markers: [text] })])] }),
      );
      expect(decision).toMatchObject({ allowed: false, status: 'rejected' });
      expect(decision.reasons[0]).toMatch(/maintenance-window marker of the check run cannot be read/);
    }
  });
});
