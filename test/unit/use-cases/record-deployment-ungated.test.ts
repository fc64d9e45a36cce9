import { describe, expect, test } from 'vitest';
import {
  createReconcileHarness,
  DEPLOYED,
  events,
  MINUTE,
  payloadFor,
  recorder,
  SEED_PR_BODY,
  statusEvent,
} from './record-deployment-harness.ts';

describe('ungated deployments are findings, never moves', () => {
  test('an unapproved change in the range: a finding entry and label, the status stays, no voucher, a log line', async () => {
    const harness = createReconcileHarness();
    const pr = harness.github.openPullRequest({ author: 'dana', body: SEED_PR_BODY, labels: ['change'] });
    await harness.reconcile(pr);
    harness.github.edit(pr, { state: 'closed', merged: true });
    await harness.reconcile(pr);
    const { record, vouchers, logs } = recorder(harness, [pr]);

    await record(statusEvent(harness, { state: 'in_progress', statusId: 1 }));
    await record(statusEvent(harness, { state: 'success', statusId: 2 }));

    expect(events(harness, pr)).toEqual(['submitted', 'ungated_deployment']);
    const finding = harness.history(pr).entries.at(-1)?.entry;
    expect(finding?.actor).toBe('github-actions[bot]');
    expect(finding?.data).toMatchObject({ deployment_id: 99, environment: 'production', sha: DEPLOYED });
    expect(String(finding?.data.reason)).toMatch(/^the gate did not approve it \(pending: /);
    expect(harness.github.get(pr).labels).toEqual([
      'change',
      'change:pending-approval',
      'change:deployed-unapproved',
    ]);
    expect(vouchers).toEqual([]);
    expect(
      logs.some((line) =>
        line.startsWith(
          'warn: deployment 99 to production (in_progress): ungated deployment of dddddddddddddddddddddddddddddddddddddddd by github-actions[bot]',
        ),
      ),
    ).toBe(true);
    // The finding is no status: a reconcile keeps the change pending, and the finding label.
    expect((await harness.reconcile(pr)).status).toBe('pending_approval');
    expect(harness.github.get(pr).labels).toContain('change:deployed-unapproved');
  });

  test('a payload naming an open change it does not ship: a finding, and the change is still evaluated', async () => {
    const harness = createReconcileHarness();
    const pr = harness.github.openPullRequest({ author: 'dana', body: SEED_PR_BODY, labels: ['change'] });
    await harness.reconcile(pr);
    const { record } = recorder(harness, []);

    await record(statusEvent(harness, { state: 'in_progress', payload: payloadFor(harness, pr) }));

    expect(events(harness, pr)).toEqual(['submitted', 'ungated_deployment']);
    expect(String(harness.history(pr).entries.at(-1)?.entry.data.reason)).toBe(
      "the deployment's payload names it, but its merged commit is not in the deployment's range",
    );
    for (const login of ['sam', 'erin', 'carl', 'lee']) {
      harness.advance(MINUTE);
      harness.github.review(pr, { author: login, state: 'APPROVED' });
      await harness.reconcile(pr, login);
    }
    expect((await harness.reconcile(pr)).status).toBe('approved');
    // Outside production, the same is only logged.
    const staging = recorder(harness, []);
    await staging.record(
      statusEvent(harness, { state: 'success', environment: 'staging', payload: payloadFor(harness, pr) }),
    );
    expect(events(harness, pr).filter((event) => event === 'ungated_deployment')).toHaveLength(1);
    expect(staging.logs.join('\n')).toContain('(not a production environment: not recorded)');
  });

  test('an approved open pull request deployed as it is: gated, vouched for, but never moved', async () => {
    const harness = createReconcileHarness();
    const pr = harness.github.openPullRequest({ author: 'dana', body: SEED_PR_BODY, labels: ['change'] });
    await harness.reconcile(pr);
    for (const login of ['sam', 'erin', 'carl', 'lee']) {
      harness.advance(MINUTE);
      harness.github.review(pr, { author: login, state: 'APPROVED' });
      await harness.reconcile(pr, login);
    }
    // The head itself is deployed: its check runs are on DEPLOYED.
    for (const run of harness.github.get(pr).checkRuns) run.headSha = DEPLOYED;
    harness.github.get(pr).headSha = DEPLOYED;
    const { record, vouchers, logs } = recorder(harness, [pr]);

    await record(statusEvent(harness, { state: 'success', payload: payloadFor(harness, pr) }));

    expect(events(harness, pr)).toEqual(['submitted', 'approved']);
    expect(logs.join('\n')).toContain('#1: open, deployed as it is: an open change is never moved');
    expect(vouchers).toHaveLength(1);
  });
});
