import { describe, expect, test } from 'vitest';
import { readMaintenanceMarker } from '../../../src/core/deploy/maintenance-marker.ts';
import { LOW_PRIORITY_BLOCK } from '../../support/change-bodies.ts';
import { createReconcileHarness } from '../../support/reconcile-harness.ts';

/** Check output as GitHub renders it: Markdown escapes removed. */
const plain = (markdown: string | null | undefined): string => (markdown ?? '').replace(/\\(.)/g, '$1');

const withLines = (...lines: string[]) =>
  `A fix.\n\n${LOW_PRIORITY_BLOCK.replace('\n```', `\n${lines.join('\n')}\n\`\`\``)}`;

const config = {
  change_management: {
    maintenance_windows: [
      {
        name: 'sunday night',
        timezone: 'Europe/Berlin',
        recurring: { days: ['sun'], from: '01:00', to: '04:00' },
      },
    ],
  },
};

// 2026-03-02 is a Monday.
const harnessAt = () => createReconcileHarness({ config, start: '2026-03-02T10:00:00Z' });

describe('the check of a change that asks for a maintenance window', () => {
  test('carries the marker with its own slot for the deploy gate, and says where and when it may deploy', async () => {
    const harness = harnessAt();
    const pr = harness.github.openPullRequest({
      author: 'dana',
      labels: ['change'],
      body: withLines('  scheduled_time: "2026-03-04T22:00:00Z"', '  maintenance_window: true'),
    });
    const decision = await harness.reconcile(pr);
    expect(decision.maintenance).toEqual({
      slot: { start: new Date('2026-03-04T22:00:00Z'), end: new Date('2026-03-05T00:00:00Z') },
    });
    const summary = harness.latestCheck(pr)?.outputSummary ?? null;
    expect(readMaintenanceMarker({ summary, number: pr })).toEqual({
      status: 'asks',
      request: { slot: { start: new Date('2026-03-04T22:00:00Z'), end: new Date('2026-03-05T00:00:00Z') } },
    });
    expect(plain(summary)).toContain(
      '**Deploys to production only in a maintenance window**: its scheduled slot (2026-03-04 22:00Z – 2026-03-05 00:00Z) or a configured maintenance window (sunday night). Emergency changes are not held.',
    );
    expect(plain(summary)).toContain('Next: its scheduled slot from 2026-03-04 22:00Z to 2026-03-05 00:00Z.');
  });

  test('without a scheduled_time, only the configured windows open; the next one is named', async () => {
    const harness = harnessAt();
    const pr = harness.github.openPullRequest({
      author: 'dana',
      labels: ['change'],
      body: withLines('  maintenance_window: true'),
    });
    await harness.reconcile(pr);
    const summary = harness.latestCheck(pr)?.outputSummary ?? null;
    expect(readMaintenanceMarker({ summary, number: pr })).toEqual({
      status: 'asks',
      request: { slot: null },
    });
    // Sunday 8 March 01:00 in Berlin (CET) is 00:00 UTC.
    expect(plain(summary)).toContain('Next: "sunday night" from 2026-03-08 00:00Z to 2026-03-08 03:00Z.');
  });

  test('a change that does not ask (maintenance_window false or unset) carries no marker, whatever its text says', async () => {
    const harness = harnessAt();
    const forged = harness.github.openPullRequest({
      author: 'dana',
      labels: ['change'],
      body: withLines('  maintenance_window: false').replace(
        'Fix the session timeout',
        '<!-- change-gate:maintenance #1@- -->',
      ),
    });
    await harness.reconcile(forged);
    const summary = harness.latestCheck(forged)?.outputSummary ?? null;
    // The title is shown, escaped: it reads as the marker on screen but is not one.
    expect(plain(summary).replaceAll('&lt;', '<').replaceAll('&gt;', '>').replaceAll('&#64;', '@')).toContain(
      '<!-- change-gate:maintenance #1@- -->',
    );
    expect(readMaintenanceMarker({ summary, number: forged })).toEqual({ status: 'none' });
    expect(plain(summary)).not.toContain('maintenance window');
  });
});
