import { describe, expect, it } from 'vitest';
import { checkForCommit } from '../../../../src/core/decision/check-for-commit.ts';
import { maintenanceMarker, readMaintenanceMarker } from '../../../../src/core/deploy/maintenance-marker.ts';

const slot = { start: new Date('2026-12-01T02:00:00Z'), end: new Date('2026-12-01T04:00:00Z') };

describe('the maintenance-window marker', () => {
  it('round-trips each pull request’s request, sorted, and is absent when none asks', () => {
    const marker = maintenanceMarker([
      { number: 13, request: { slot: null } },
      { number: 12, request: { slot } },
    ]);
    expect(marker).toBe(
      '<!-- change-gate:maintenance #12@2026-12-01T02:00:00.000Z/2026-12-01T04:00:00.000Z #13@- -->',
    );
    const summary = `intro\n${marker}\n\nrest`;
    expect(readMaintenanceMarker({ summary, number: 12 })).toEqual({ status: 'asks', request: { slot } });
    expect(readMaintenanceMarker({ summary, number: 13 })).toEqual({
      status: 'asks',
      request: { slot: null },
    });
    expect(readMaintenanceMarker({ summary, number: 14 })).toEqual({ status: 'none' });
    expect(maintenanceMarker([])).toBeNull();
    expect(readMaintenanceMarker({ summary: null, number: 12 })).toEqual({ status: 'none' });
  });

  it('is unreadable (never "none") when present but garbled', () => {
    for (const summary of [
      '<!-- change-gate:maintenance -->',
      '<!-- change-gate:maintenance #12@2026-12-01T02:00:00Z/2026-12-01T04:00:00Z -->',
      '<!-- change-gate:maintenance #12@2026-13-01T02:00:00.000Z/2026-13-01T04:00:00.000Z -->',
      '<!-- change-gate:maintenance #12@- #x@- -->',
    ]) {
      expect(readMaintenanceMarker({ summary, number: 12 }).status).toBe('unreadable');
    }
  });

  it('is written by checkForCommit for the pull requests on the commit that ask, and only them', () => {
    const plan = {
      name: 'Change Gate',
      headSha: 'abc',
      status: 'completed' as const,
      conclusion: 'success' as const,
      title: 'Approved',
      summary: 's',
      text: '',
      externalId: 'CHG-2026-001',
    };
    const decision = (maintenance: { slot: typeof slot | null } | null) => ({
      check: plan,
      status: 'approved' as const,
      emergency: false,
      maintenance,
    });
    const check = checkForCommit({
      pulls: [
        { number: 1, decision: decision({ slot }) },
        { number: 2, decision: decision(null) },
      ],
    });
    const summary = check?.summary ?? null;
    expect(readMaintenanceMarker({ summary, number: 1 })).toEqual({ status: 'asks', request: { slot } });
    expect(readMaintenanceMarker({ summary, number: 2 })).toEqual({ status: 'none' });
    const none = checkForCommit({ pulls: [{ number: 2, decision: decision(null) }] });
    expect(none?.summary).not.toContain('change-gate:maintenance');
  });
});
