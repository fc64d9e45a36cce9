import { describe, expect, test } from 'vitest';
import type { GitHubPort } from '../../../src/github/ports/github-port.ts';
import {
  approvedAndMerged,
  DEPLOYED,
  events,
  lastEvent,
  payloadFor,
  recorder,
  statusEvent,
  steps,
  VOUCH,
} from './record-deployment-harness.ts';

describe('recording deployments in the change history', () => {
  test('a gated deploy of an approved change: implementing, completed, labels follow, and the app vouches for it', async () => {
    const { harness, pr } = await approvedAndMerged();
    const { record, vouchers } = recorder(harness, [pr]);
    const payload = payloadFor(harness, pr);
    const stepsComment = () =>
      harness.github.get(pr).comments.find((comment) => comment.body.startsWith('<!-- change-gate:steps '))
        ?.body;
    const before = stepsComment();

    await record(statusEvent(harness, { state: 'in_progress', payload, statusId: 1 }));
    expect(events(harness, pr)).toEqual(['submitted', 'approved', 'implementing']);
    // The deploy's start is in the history at once; the label and the steps comment follow at its end.
    expect(harness.github.get(pr).labels).toEqual(['change', 'change:approved']);
    expect(stepsComment()).toBe(before);
    expect(vouchers).toEqual([]);
    await record(
      statusEvent(harness, { state: 'success', description: 'Deployed. CHG-2026-001', payload, statusId: 2 }),
    );

    expect(events(harness, pr)).toEqual(['submitted', 'approved', 'implementing', 'completed']);
    expect(harness.github.get(pr).labels).toEqual(['change', 'change:completed']);
    expect(stepsComment()).toMatch(/- \[x\] Deploy to production — @change-gate/);
    expect(stepsComment()).toMatch(/- \[x\] Monitor system health — @change-gate/);
    const completed = lastEvent(harness, pr);
    expect(completed?.actor).toBe('github-actions[bot]');
    // The deployment proves two implementation steps, ticked in the app's name.
    expect(steps(harness, pr)).toEqual([
      ['deploy_to_production', 'change-gate[bot]', 'production_deployment'],
      ['monitor_system_health', 'change-gate[bot]', 'deploy_finished'],
    ]);
    expect(completed?.data).toMatchObject({
      environment: 'production',
      deployment_id: 99,
      duration_seconds: 300,
    });
    expect(harness.history(pr).problems).toEqual([]);
    expect(vouchers).toMatchObject([
      { name: VOUCH, headSha: DEPLOYED, conclusion: 'success', externalId: 'deployment-99' },
    ]);
    expect(vouchers[0]?.outputTitle).toBe('Deployed to production through the gate: CHG-2026-001');
  });

  test('the creation of a deployment the gate refused to deploy with, arriving after a later deploy finished, records nothing', async () => {
    const { harness, pr } = await approvedAndMerged();
    const { record, logs } = recorder(harness, [pr]);
    const payload = payloadFor(harness, pr);
    // Deployment 98: the gate created it, lost GitHub's answer and refused; the rerun created and shipped 99.
    await record(statusEvent(harness, { state: 'created', payload, statusId: 1 }));
    await record(statusEvent(harness, { state: 'success', description: 'Deployed.', payload, statusId: 2 }));
    const orphan = { state: 'created', payload, deploymentId: 98, createdAt: '2026-03-02T10:58:00Z' };
    await record(statusEvent(harness, orphan));

    expect(events(harness, pr)).toEqual(['submitted', 'approved', 'implementing', 'completed']);
    expect(harness.github.get(pr).labels).toEqual(['change', 'change:completed']);
    expect(logs.join('\n')).toMatch(/deployment 98 to production was overtaken by deployment 99/);
  });

  test('the label and the steps comment a deploy start leaves to its end show at the next evaluation of the change while it runs', async () => {
    const { harness, pr } = await approvedAndMerged();
    const { record } = recorder(harness, [pr]);
    const payload = payloadFor(harness, pr);
    await record(statusEvent(harness, { state: 'in_progress', payload, statusId: 1 }));
    expect(harness.github.get(pr).labels).toEqual(['change', 'change:approved']);

    // Any event on the change while the deploy runs (a comment edited, a sweep): evaluated from its history.
    await harness.reconcile(pr);
    expect(harness.github.get(pr).labels).toEqual(['change', 'change:implementing']);
    const stepsComment = harness.github
      .get(pr)
      .comments.find((comment) => comment.body.startsWith('<!-- change-gate:steps '))?.body;
    expect(stepsComment).toMatch(/- \[x\] Deploy to production — @change-gate/);
    expect(stepsComment).toMatch(/- \[ \] Monitor system health/);
  });

  test('a redelivered status, or two at once, records one entry and one voucher', async () => {
    const { harness, pr } = await approvedAndMerged();
    const { record, vouchers, port } = recorder(harness, [pr]);
    const event = statusEvent(harness, { state: 'success', payload: payloadFor(harness, pr) });
    // GitHub slow to create the voucher: the other status reads the deployed commit's runs meanwhile, unless it
    // waits for the repository's lock, which the write holds.
    const slow: GitHubPort = {
      ...port,
      createCheckRun: async (repo, run) => {
        if (run.name === VOUCH) await new Promise((resolve) => setTimeout(resolve, 30));
        return port.createCheckRun(repo, run);
      },
    };

    await Promise.all([
      record(event, slow),
      record({ ...event, status: { ...event.status, id: 501 } }, slow),
    ]);
    await record(event);

    expect(events(harness, pr)).toEqual(['submitted', 'approved', 'completed']);
    expect(harness.history(pr).problems).toEqual([]);
    expect(vouchers).toHaveLength(1);
  });

  test('a later reconcile of the change keeps the recorded status and writes nothing', async () => {
    const { harness, pr } = await approvedAndMerged();
    const { record } = recorder(harness, [pr]);
    await record(
      statusEvent(harness, {
        state: 'failure',
        description: 'Rolled back: 500s',
        payload: payloadFor(harness, pr),
      }),
    );
    const writes = harness.github.writes.length;

    const decision = await harness.reconcile(pr);

    expect(decision.status).toBe('rolled_back');
    expect(harness.github.get(pr).labels).toEqual(['change', 'change:rolled-back']);
    expect(harness.github.writes.length).toBe(writes);
  });

  test('a staging deployment is recorded but the change stays approved, also after a reconcile', async () => {
    const { harness, pr } = await approvedAndMerged();
    const { record } = recorder(harness, [pr]);
    await record(
      statusEvent(harness, { state: 'success', environment: 'staging', payload: payloadFor(harness, pr) }),
    );

    expect(events(harness, pr)).toEqual(['submitted', 'approved', 'completed']);
    expect(lastEvent(harness, pr)?.data.production).toBe(false);
    expect(steps(harness, pr)).toEqual([['deploy_to_staging', 'change-gate[bot]', 'staging_deployment']]);
    expect(harness.github.get(pr).labels).toEqual(['change', 'change:approved']);
    expect((await harness.reconcile(pr)).status).toBe('approved');
  });

  test('a deployment without the gate payload: the labeled pull requests of its range', async () => {
    const { harness, pr } = await approvedAndMerged();
    const other = harness.github.openPullRequest({ author: 'dana', body: 'docs', labels: ['docs'] });
    harness.github.edit(other, { state: 'closed', merged: true });
    const { record } = recorder(harness, [pr, other]);

    await record(statusEvent(harness, { state: 'success', payload: '' }));

    expect(events(harness, pr)).toEqual(['submitted', 'approved', 'completed']);
    expect(harness.history(other).entries).toEqual([]);
    expect(harness.github.get(other).labels).toEqual(['docs']);
  });

  test('a payload naming another change ID for the PR is not believed', async () => {
    const { harness, pr } = await approvedAndMerged();
    const { record, logs } = recorder(harness, [pr]);

    const decisions = await record(
      statusEvent(harness, { state: 'success', payload: payloadFor(harness, pr, 'CHG-2025-001') }),
    );

    expect(decisions).toEqual([]);
    expect(events(harness, pr)).toEqual(['submitted', 'approved']);
    expect(logs.join('\n')).toContain(
      'the payload names CHG-2025-001 for #1, which is CHG-2026-001: skipped',
    );
  });

  test('inactive and waiting statuses cost no read at all', async () => {
    const { harness, pr } = await approvedAndMerged();
    const { record, reads } = recorder(harness, [pr]);
    const writes = harness.github.writes.length;
    const untouchable = new Proxy({} as GitHubPort, {
      get: (_target, name) => () => {
        throw new Error(`unexpected ${String(name)}`);
      },
    });

    for (const state of ['inactive', 'waiting']) {
      expect(
        await record(statusEvent(harness, { state, payload: payloadFor(harness, pr) }), untouchable),
      ).toEqual([]);
    }
    expect(reads).toEqual([]);
    expect(harness.github.writes.length).toBe(writes);
  });

  test('one change failing to be read does not keep the others from being recorded, and the failure is reported', async () => {
    const { harness, pr } = await approvedAndMerged();
    const { record } = recorder(harness, [pr]);
    const payload = payloadFor(harness, pr);
    payload.change_gate.changes.unshift({
      ...payload.change_gate.changes[0]!,
      pr: 77,
      change_id: 'CHG-2026-077',
    });

    await expect(record(statusEvent(harness, { state: 'success', payload }))).rejects.toThrow(
      'deployment 99 to production (success) not recorded for #77: #77 not found',
    );
    expect(events(harness, pr)).toEqual(['submitted', 'approved', 'completed']);
  });
});
