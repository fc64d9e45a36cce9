import { describe, expect, test, vi } from 'vitest';
import { nextGitHubSecond } from '../../../sandbox/harness/next-github-second.ts';
import { SEED_PR_BODY, seedPeople, seedRepo } from '../../../sandbox/seed-org.ts';
import { changeScenario, LOW_PRIORITY_BODY } from '../support/change-scenario.ts';
import { historyEntries, renderedCheck } from '../support/history-comments.ts';
import { useE2E } from '../support/use-e2e.ts';

const BOT = 'change-gate[bot]';

const until = async (condition: () => boolean, timeoutMs: number): Promise<void> => {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`not true within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
};
const ADMIN = 'acme-admin';

/** The trust model's "History" lines, played as an attacker with ordinary repository rights would. */
describe('adversarial: history', () => {
  const e2e = useE2E({
    seed: (sim) => {
      seedPeople(sim, 'acme');
      for (const name of ['alpha', 'beta', 'last', 'middle', 'shared', 'conditions', 'long'])
        seedRepo(sim, { org: 'acme', name });
    },
  });

  const entries = (repo: string, number: number) => historyEntries(e2e, repo, number);

  const checkText = (change: ReturnType<typeof changeScenario>): string => renderedCheck(change.check());

  test('9. an entry copied from another repository is reported as foreign and never counts', async () => {
    const { sim } = e2e;
    const alpha = await changeScenario(e2e, 'acme/alpha').open(LOW_PRIORITY_BODY);
    await alpha.approve('carl');
    expect(alpha.history()).toEqual(['submitted', 'approved']);
    const beta = await changeScenario(e2e, 'acme/beta').open(LOW_PRIORITY_BODY);
    // Both are #1 of the same year: the same change ID, told apart only by their repository.
    expect(beta.number).toBe(alpha.number);
    const approvedInAlpha = entries('acme/alpha', alpha.number).find((item) => item.event === 'approved');
    const [submittedInBeta] = entries('acme/beta', beta.number);

    // An admin pastes alpha's signed `approved` entry over beta's `submitted` comment.
    await sim.as(ADMIN).editComment({
      repo: 'acme/beta',
      commentId: submittedInBeta!.id,
      body: approvedInAlpha!.body,
    });
    await sim.settle();

    const text = checkText(beta);
    expect(text).toMatch(/foreign: comment \d+ holds an entry of acme\/alpha#1/);
    // Beta's own entry is gone: the check fails until beta's approvers approve again.
    expect(beta.check()).toMatchObject({ status: 'completed', conclusion: 'failure' });
    expect(beta.check()?.output.title).toMatch(/^History tampered — CHG-\d{4}-001/);
    expect(beta.labels()).toEqual(['change:pending-approval']);
    // The copied entry did not count as beta's state (else beta would "invalidate" a block it never had).
    const events = entries('acme/beta', beta.number).map((item) => item.event);
    expect(events).not.toContain('invalidated');
    expect(events).toContain('history_tampered');
  }, 90_000);

  test('7. deleting the last entry fails the check until the approvers approve again; nobody is credited with an earlier act', async () => {
    const { sim } = e2e;
    const repo = 'acme/last';
    const change = await changeScenario(e2e, repo).open(LOW_PRIORITY_BODY);
    await change.approve('carl');
    expect(change.check()).toMatchObject({ status: 'completed', conclusion: 'success' });
    const approved = entries(repo, change.number).find((item) => item.event === 'approved');

    // An admin deletes the newest entry: nothing after it would show a gap in the chain.
    await sim.as(ADMIN).deleteComment({ repo, commentId: approved!.id });
    await sim.settle();

    expect(change.check()).toMatchObject({ status: 'completed', conclusion: 'failure' });
    expect(change.check()?.output.title).toMatch(/^History tampered — CHG-\d{4}-001/);
    expect(checkText(change)).toMatch(
      /history tampered: the newest entry \(sha256:[0-9a-f]{12}…, entry 2 of 2\) is missing/,
    );
    expect(checkText(change)).toMatch(/@carl[^\n]*before the history was found tampered/);
    expect(change.labels()).toEqual(['change:pending-approval']);
    const afterDelete = entries(repo, change.number);
    // The app does not re-create the approval, least of all in the deleter's name: it records the detection.
    expect(afterDelete.map((item) => item.event)).toEqual(['submitted', 'history_tampered']);
    expect(afterDelete.map((item) => item.entry.actor)).toEqual(['dana', BOT]);
    expect(afterDelete[1]?.entry.data.triggered_by).toBe(ADMIN);

    // A later second than the detection, as a person's would be: an approval stamped in the detection's own
    // second counts as given before it (fail closed), which is what made this test red under load.
    await nextGitHubSecond();
    await change.approve('carl');

    expect(change.check()).toMatchObject({ status: 'completed', conclusion: 'success' });
    expect(checkText(change)).toMatch(/history was tampered with/i);
    expect(change.labels()).toEqual(['change:approved']);
    const final = entries(repo, change.number);
    expect(final.map((item) => item.event)).toEqual(['submitted', 'history_tampered', 'approved']);
    expect(final.at(-1)?.entry.actor).toBe('carl');
  }, 120_000);

  test('7. deleting a middle entry (the invalidated that recorded a block change) fails the check, naming the missing link', async () => {
    const { sim } = e2e;
    const repo = 'acme/middle';
    const change = await changeScenario(e2e, repo).open(LOW_PRIORITY_BODY);
    await sim.as('dana').editPullRequest({
      repo,
      number: change.number,
      body: LOW_PRIORITY_BODY.replace('priority: low', 'priority: medium'),
    });
    // Approvals a later second than the `invalidated` entry, as people's would be: one stamped in its second
    // counts as given before it (fail closed).
    await nextGitHubSecond();
    for (const login of ['erin', 'carl']) await change.approve(login);
    expect(change.check()).toMatchObject({ status: 'completed', conclusion: 'success' });
    const written = entries(repo, change.number);
    expect(written.map((item) => item.event)).toEqual(['submitted', 'invalidated', 'approved']);

    await sim.as(ADMIN).deleteComment({ repo, commentId: written[1]!.id });
    await sim.settle();

    expect(change.check()).toMatchObject({ status: 'completed', conclusion: 'failure' });
    expect(change.check()?.output.title).toMatch(/^History tampered — CHG-\d{4}-001/);
    expect(checkText(change)).toContain(
      `history tampered: an entry is missing between comment ${written[0]!.id} (submitted) and comment ${written[2]!.id} (approved)`,
    );
    // The block change the deleted entry recorded is recorded again, in the app's name, not the deleter's.
    const after = entries(repo, change.number);
    expect(after.map((item) => item.event)).toEqual([
      'submitted',
      'approved',
      'history_tampered',
      'invalidated',
    ]);
    expect(after.slice(2).map((item) => item.entry.actor)).toEqual([BOT, BOT]);
    expect(change.labels()).toEqual(['change:pending-approval']);
  }, 120_000);

  test('7. one comment holding two entries: editing the second is found, in the comment and the entry named', async () => {
    const { sim } = e2e;
    const repo = 'acme/shared';
    const change = await changeScenario(e2e, repo).open(LOW_PRIORITY_BODY);
    await sim.as('dana').editPullRequest({
      repo,
      number: change.number,
      body: LOW_PRIORITY_BODY.replace('priority: low', 'priority: medium'),
    });
    const written = entries(repo, change.number);
    expect(written.map((item) => item.event)).toEqual(['submitted', 'invalidated']);
    // Delete the `invalidated` entry: the app records the detection and the block change again, in one comment.
    await sim.as(ADMIN).deleteComment({ repo, commentId: written[1]!.id });
    await sim.settle();
    const after = entries(repo, change.number);
    expect(after.map((item) => item.event)).toEqual(['submitted', 'history_tampered', 'invalidated']);
    const shared = after[1]!;
    expect(after[2]!.id).toBe(shared.id);
    // A later second than the entries recorded again (see the test above).
    await nextGitHubSecond();
    for (const login of ['erin', 'carl']) await change.approve(login);
    expect(change.check()).toMatchObject({ status: 'completed', conclusion: 'success' });

    // An admin edits the second entry of that comment (its payload, re-encoded).
    const markers = [...shared.body.matchAll(/<!-- change-gate:history v1 (\S+) -->/g)];
    expect(markers).toHaveLength(2);
    const second = markers[1]![1]!;
    const json = Buffer.from(second, 'base64url')
      .toString('utf8')
      .replace('"actor":"change-gate[bot]"', '"actor":"dana"');
    await sim.as(ADMIN).editComment({
      repo,
      commentId: shared.id,
      body: shared.body.replace(second, Buffer.from(json, 'utf8').toString('base64url')),
    });
    await sim.settle();

    expect(change.check()).toMatchObject({ status: 'completed', conclusion: 'failure' });
    expect(change.check()?.output.title).toMatch(/^History tampered — CHG-\d{4}-001/);
    expect(checkText(change)).toContain(`comment ${shared.id}#2 no longer matches its signature`);
    expect(change.labels()).toEqual(['change:pending-approval']);
  }, 120_000);

  test('8. approvals with long conditions still fit their history entry: every text in an entry is bounded', async () => {
    const { sim } = e2e;
    const repo = 'acme/conditions';
    const medium = LOW_PRIORITY_BODY.replace('priority: low', 'priority: medium');
    const change = await changeScenario(e2e, repo).open(medium);
    // Each /approve may carry 20 conditions of 500 characters; in CJK that is 30 kB of UTF-8 per approver.
    for (const login of ['erin', 'carl']) {
      const conditions = Array.from({ length: 20 }, (_, i) => `- ${login}${i} ${'条'.repeat(500)}`);
      await sim
        .as(login)
        .comment({ repo, number: change.number, body: ['/approve', ...conditions].join('\n') });
    }
    await sim.settle();

    expect(change.check()).toMatchObject({ status: 'completed', conclusion: 'success' });
    const written = entries(repo, change.number);
    expect(written.map((item) => item.event)).toEqual(['submitted', 'approved']);
    const approved = written[1]!.entry;
    expect(approved.data).toMatchObject({ repository: repo, number: change.number, data_clipped: true });
    expect(approved.data.conditions.length).toBeGreaterThan(0);
    expect(Buffer.byteLength(JSON.stringify(approved), 'utf8')).toBeLessThanOrEqual(32 * 1024);
  }, 90_000);
});

describe('adversarial: history, in a thread longer than Change Gate reads', () => {
  const e2e = useE2E({
    seed: (sim) => {
      seedPeople(sim, 'acme');
      seedRepo(sim, { org: 'acme', name: 'long' });
    },
  });

  test('10. a /reject past the comments Change Gate reads is never silently ignored: the check fails closed', async () => {
    const { sim } = e2e;
    const repo = 'acme/long';
    const change = await changeScenario(e2e, repo).open(LOW_PRIORITY_BODY);
    await change.approve('carl');
    expect(change.check()).toMatchObject({ status: 'completed', conclusion: 'success' });

    // Months of discussion (seeded, no webhook each), then the change manager rejects at the very end.
    sim.seedComments({
      repo,
      number: change.number,
      author: 'mallory',
      bodies: Array.from({ length: 3200 }, (_, i) => `+1 (${i})`),
    });
    const offset = e2e.process.logOffset();
    await sim
      .as('carl')
      .comment({ repo, number: change.number, body: '/reject The rollback was never tested.' });
    // Reading the whole thread outlasts Probot's 9 s webhook answer (it answers 202 and goes on): wait for
    // the app to log its decision on the /reject, then for its writes.
    await until(() => e2e.process.logsSince(offset).includes(`${repo}#${change.number}:`), 90_000);
    await sim.settle();

    expect(change.check()).toMatchObject({ status: 'completed', conclusion: 'failure' });
    expect(change.check()?.output.title).toMatch(/^Too many comments to evaluate safely — CHG-\d{4}-001/);
    expect(change.summary()).toContain('too many comments to evaluate safely');
    expect(change.labels()).toEqual(['change:pending-approval']);
  }, 180_000);
});

describe('adversarial: history, when GitHub fails to write it', () => {
  const e2e = useE2E({
    // The failed write fails the delivery: that is the point, and redelivering it heals the change.
    allowFailedDeliveries: true,
    seed: (sim) => {
      seedPeople(sim, 'acme');
      seedRepo(sim, { org: 'acme', name: 'unwritable' });
    },
  });

  test('8. a failure to write history never leaves a success check behind', async () => {
    const { sim } = e2e;
    const repo = 'acme/unwritable';
    const change = await changeScenario(e2e, repo).open(LOW_PRIORITY_BODY);
    expect(change.history()).toEqual(['submitted']);
    // GitHub refuses the app's next comments: the `approved` entry cannot be written.
    sim.faults.add({ route: 'POST /repos/{owner}/{repo}/issues/{issue_number}/comments', status: 422 });
    const before = sim.deliveries.length;
    await change.approve('carl');

    const failed = sim.deliveries.slice(before).filter((delivery) => delivery.status !== 200);
    expect(failed.map((delivery) => delivery.event)).toEqual(['pull_request_review']);
    expect(change.check()?.conclusion).not.toBe('success');
    expect(change.history()).toEqual(['submitted']);
    expect(change.labels()).toEqual(['change:pending-approval']);

    sim.faults.clear();
    await sim.redeliver(failed[0]!.id);

    expect(change.check()).toMatchObject({ status: 'completed', conclusion: 'success' });
    expect(change.history()).toEqual(['submitted', 'approved']);
    expect(change.labels()).toEqual(['change:approved']);
  }, 90_000);
});

describe('adversarial: history, when GitHub fails to write the first entry (the sweep heals)', () => {
  const e2e = useE2E({
    // The failed write fails the delivery: that is the point; the sweep (every second here) heals the change.
    allowFailedDeliveries: true,
    env: { CHANGE_GATE_SWEEP_INTERVAL: '1s' },
    seed: (sim) => {
      seedPeople(sim, 'acme');
      seedRepo(sim, { org: 'acme', name: 'unswept' });
    },
  });
  const gateCheck = (repo: string, sha: string) =>
    e2e.sim.read
      .checkRuns({ repo, ref: sha })
      .filter((run) => run.name === 'Change Gate')
      .at(-1);

  test('8. a change whose first entry cannot be written shows no passing check; the sweep writes it later', async () => {
    const { sim } = e2e;
    const repo = 'acme/unswept';
    // No webhook for the opening: no check of ours on the head, so the app writes the check once, after the
    // entry (an early non-passing check would only be overwritten).
    sim.dropWebhooks(true);
    const pr = await sim.as('dana').openPullRequest({
      repo,
      title: 'Implement MFA for Admin Access',
      body: SEED_PR_BODY,
      head: 'unwritable',
      files: { 'src/unwritable.ts': 'export const mfa = true;\n' },
    });
    sim.dropWebhooks(false);
    expect(gateCheck(repo, pr.headSha)).toBeUndefined();
    sim.faults.add({ route: 'POST /repos/{owner}/{repo}/issues/{issue_number}/comments', status: 422 });
    await sim.as('dana').addLabels({ repo: repo, number: pr.number, labels: ['change'] });
    const history = () =>
      sim.read
        .comments({ repo: repo, number: pr.number })
        .filter((c) => c.body?.includes('change-gate:history'));
    expect(history()).toEqual([]);
    // Nothing passes: no run of ours at all (which the sweep reads as "evaluate this change").
    expect(gateCheck(repo, pr.headSha)?.conclusion ?? null).not.toBe('success');
    sim.faults.clear();
    await vi.waitFor(
      () => {
        expect(gateCheck(repo, pr.headSha)?.output.title).toMatch(/^Pending approval/);
        expect(history()).toHaveLength(1);
      },
      { timeout: 60_000 },
    );
    // Later sweeps find it done: the entry is not written twice.
    await new Promise((resolve) => setTimeout(resolve, 3_000));
    expect(history()).toHaveLength(1);
  }, 120_000);
});
