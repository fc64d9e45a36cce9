import { describe, expect, test } from 'vitest';
import { readDueMarker } from '../../../src/core/decision/due-marker.ts';
import type { GitHubPort } from '../../../src/github/ports/github-port.ts';
import { reconcileChange } from '../../../src/use-cases/reconcile-change.ts';
import { createReconcileHarness, SEED_PR_BODY } from '../../support/reconcile-harness.ts';

const DAY = 24 * 3_600_000;
const log = { info: () => {} } as never;

/** The harness's port, with history comments refused (GitHub answered 502). */
const refusingEntries = (port: GitHubPort): GitHubPort => ({
  ...port,
  createComment: async (ref, body) => {
    if (body.includes('<!-- change-gate:history')) throw new Error('GitHub answered 502');
    return port.createComment(ref, body);
  },
});

/**
 * The non-passing check written before entries (so that a failed entry write leaves nothing passing, and the
 * sweep retries it) is left out only when GitHub already shows both: then the check is written once.
 */
describe('the check written before history entries', () => {
  test('a change with no check of ours yet: labels, the entry, then one check', async () => {
    const harness = createReconcileHarness();
    const pr = harness.github.openPullRequest({ author: 'dana', body: SEED_PR_BODY, labels: ['change'] });
    await harness.reconcile(pr);
    expect(harness.github.writes.slice(0, 3)).toEqual(['labels.set', 'comment.create', 'check.create']);
    expect(harness.github.writes.filter((write) => write.startsWith('check.'))).toEqual(['check.create']);
    expect(harness.latestCheck(pr)?.outputSummary).toContain('<!-- change-gate:chain-head ');
  });

  test('…and when its entry cannot be written, nothing of ours passes and the sweep finds it (no run)', async () => {
    const harness = createReconcileHarness();
    const pr = harness.github.openPullRequest({ author: 'dana', body: SEED_PR_BODY, labels: ['change'] });
    const port = refusingEntries(harness.github.port);
    await expect(
      reconcileChange({ deps: harness.deps, port, log, ref: harness.github.ref(pr), actor: 'dana' }),
    ).rejects.toThrow(/502/);
    expect(harness.latestCheck(pr)).toBeUndefined();
    expect(harness.history(pr).entries).toEqual([]);
    // The retry writes it.
    await harness.reconcile(pr);
    expect(harness.history(pr).entries.map(({ entry }) => entry.event)).toEqual(['submitted']);
  });

  test('a change whose check passes ("Not a change request") gets the early check first, as before', async () => {
    const harness = createReconcileHarness();
    const pr = harness.github.openPullRequest({ author: 'dana', body: SEED_PR_BODY });
    await harness.reconcile(pr);
    expect(harness.latestCheck(pr)?.conclusion).toBe('success');
    harness.github.get(pr).labels = ['change'];
    const port = refusingEntries(harness.github.port);
    await expect(
      reconcileChange({ deps: harness.deps, port, log, ref: harness.github.ref(pr), actor: 'dana' }),
    ).rejects.toThrow(/502/);
    // The success did not stay behind the failed entry write; the check is due now, for the sweep.
    const check = harness.latestCheck(pr);
    expect(check?.conclusion).not.toBe('success');
    expect(readDueMarker(check?.outputSummary ?? null)?.due).not.toBeNull();
    expect(Date.parse(readDueMarker(check?.outputSummary ?? null)?.due ?? '')).toBeLessThanOrEqual(
      harness.deps.now().getTime(),
    );
  });

  test('a passing check written before due markers existed still gets the early check first', async () => {
    const harness = createReconcileHarness();
    const pr = harness.github.openPullRequest({ author: 'dana', body: SEED_PR_BODY });
    await harness.reconcile(pr);
    const passing = harness.latestCheck(pr)!;
    expect(passing.conclusion).toBe('success');
    // An older version wrote no due marker: the sweep treats it as due, but it passes.
    passing.outputSummary = (passing.outputSummary ?? '').replace(/<!-- change-gate:due [^>]*-->/, '');
    expect(readDueMarker(passing.outputSummary)).toBeNull();
    harness.github.get(pr).labels = ['change'];
    const port = refusingEntries(harness.github.port);
    await expect(
      reconcileChange({ deps: harness.deps, port, log, ref: harness.github.ref(pr), actor: 'dana' }),
    ).rejects.toThrow(/502/);
    expect(harness.latestCheck(pr)?.conclusion).not.toBe('success');
  });

  test('an escalation (our check pending and due) writes the check once, after the entry', async () => {
    const harness = createReconcileHarness();
    const pr = harness.github.openPullRequest({ author: 'dana', body: SEED_PR_BODY, labels: ['change'] });
    await harness.reconcile(pr);
    harness.advance(DAY);
    const before = harness.github.writes.length;
    await harness.reconcile(pr, 'anyone');
    const writes = harness.github.writes.slice(before);
    expect(harness.history(pr).entries.map(({ entry }) => entry.event)).toEqual(['submitted', 'escalated']);
    expect(writes.filter((write) => write.startsWith('check.'))).toHaveLength(1);
    expect(writes.indexOf('comment.create')).toBeLessThan(
      writes.findIndex((write) => write.startsWith('check.')),
    );
    expect(harness.history(pr).problems).toEqual([]);
  });

  test('a pending change due later (an edit of its block) still gets the early check first', async () => {
    const harness = createReconcileHarness();
    const pr = harness.github.openPullRequest({ author: 'dana', body: SEED_PR_BODY, labels: ['change'] });
    await harness.reconcile(pr);
    harness.github.get(pr).body = SEED_PR_BODY.replace('priority: "high"', 'priority: "medium"');
    const before = harness.github.writes.length;
    await harness.reconcile(pr);
    const writes = harness.github.writes.slice(before);
    expect(harness.history(pr).entries.map(({ entry }) => entry.event)).toEqual(['submitted', 'invalidated']);
    expect(writes.findIndex((write) => write.startsWith('check.'))).toBeLessThan(
      writes.indexOf('comment.create'),
    );
  });
});
