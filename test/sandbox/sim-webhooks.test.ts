import { Webhooks } from '@octokit/webhooks';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { NAME, OWNER, REPO, type Seeded, startSeededSimulator } from './support/seeded-simulator.ts';
import { startWebhookReceiver, type WebhookReceiver } from './support/webhook-receiver.ts';

describe('simulator webhooks', () => {
  let s: Seeded;
  let narrow: WebhookReceiver;
  beforeAll(async () => {
    s = await startSeededSimulator();
    narrow = await startWebhookReceiver();
    const app = s.sim.registerApp({
      slug: 'narrow',
      events: ['issues'],
      permissions: { issues: 'read', metadata: 'read' },
      webhookUrl: narrow.url,
    });
    s.sim.installApp({ app: app.id, account: OWNER });
  });
  afterAll(async () => {
    await s.stop();
    await narrow.close();
  });
  afterEach(() => s.sim.assertNoViolations());

  it('signs each delivery so that @octokit/webhooks verifies it, with GitHub’s headers', async () => {
    const pr = await s.sim
      .as('dev')
      .openPullRequest({ repo: REPO, title: 'Hooks', body: 'b', head: 'hooks', files: { h: '1' } });
    const [received] = s.receiver.of('pull_request', 'opened');
    expect(received).toBeDefined();
    const webhooks = new Webhooks({ secret: s.app.webhookSecret });
    expect(await webhooks.verify(received!.body, String(received!.headers['x-hub-signature-256']))).toBe(
      true,
    );
    expect(
      await new Webhooks({ secret: 'wrong' }).verify(
        received!.body,
        String(received!.headers['x-hub-signature-256']),
      ),
    ).toBe(false);
    expect(received!.headers).toMatchObject({
      'content-type': 'application/json',
      'x-github-event': 'pull_request',
      'x-github-delivery': expect.stringMatching(/^[0-9a-f-]{36}$/),
      'x-github-hook-id': expect.stringMatching(/^\d+$/),
      'x-github-hook-installation-target-id': String(s.app.id),
    });
    expect(received!.payload).toMatchObject({
      action: 'opened',
      number: pr.number,
      pull_request: {
        number: pr.number,
        head: { sha: pr.headSha, ref: 'hooks' },
        body: 'b',
        user: { login: 'dev' },
      },
      repository: { full_name: REPO },
      organization: { login: OWNER },
      sender: { login: 'dev' },
      installation: { id: s.installation.id, node_id: expect.any(String) },
    });
  });

  it('keeps the key order of GitHub’s example payload for the event', async () => {
    const [received] = s.receiver.of('pull_request', 'opened');
    expect(Object.keys(received!.payload).slice(0, 3)).toEqual(['action', 'number', 'pull_request']);
  });

  it('delivers only the events an app subscribes to', async () => {
    const before = narrow.received.length;
    const { number } = await s.sim.as('dev').createIssue({ repo: REPO, title: 'Narrow' });
    await s.sim.as('dev').comment({ repo: REPO, number, body: 'hello' });
    expect(narrow.received.slice(before).map((r) => `${r.event}.${r.action}`)).toEqual(['issues.opened']);
    expect(s.receiver.of('issue_comment', 'created').at(-1)?.payload).toMatchObject({
      comment: { body: 'hello', user: { login: 'dev' } },
      issue: { number },
    });
  });

  it('also delivers events the app caused itself, with the bot as sender', async () => {
    const { number } = await s.sim.as('dev').createIssue({ repo: REPO, title: 'Self' });
    await s.appOctokit.issues.setLabels({
      owner: OWNER,
      repo: NAME,
      issue_number: number,
      labels: ['change'],
    });
    await s.sim.settle();
    const labeled = s.receiver.of('issues', 'labeled').at(-1)!;
    expect(labeled.payload).toMatchObject({
      label: { name: 'change' },
      sender: { login: 'change-gate[bot]', type: 'Bot' },
    });
  });

  it('sends edits with `changes.<field>.from`, for bodies and comments', async () => {
    const { number } = await s.sim
      .as('dev')
      .createIssue({ repo: REPO, title: 'Edit me', body: 'priority: high' });
    await s.sim.as('dev').editIssue({ repo: REPO, number, body: 'priority: low' });
    expect(s.receiver.of('issues', 'edited').at(-1)?.payload).toMatchObject({
      changes: { body: { from: 'priority: high' } },
      issue: { body: 'priority: low' },
    });
    const { id } = await s.sim.as('dev').comment({ repo: REPO, number, body: 'first' });
    await s.sim.as('sec-lead').editComment({ repo: REPO, commentId: id, body: 'second' });
    expect(s.receiver.of('issue_comment', 'edited').at(-1)?.payload).toMatchObject({
      changes: { body: { from: 'first' } },
      sender: { login: 'sec-lead' },
    });
  });

  it('redelivers with the same delivery id and the same bytes, and records both', async () => {
    const original = s.sim.deliveries.find(
      (d) => d.event === 'pull_request' && d.action === 'opened' && d.appId === s.app.id,
    )!;
    const count = s.receiver.received.length;
    const again = await s.sim.redeliver(original.id);
    expect(again).toMatchObject({ id: original.id, redelivery: true, status: 200 });
    const last = s.receiver.received[count]!;
    expect(last.headers['x-github-delivery']).toBe(original.id);
    expect(last.body).toBe(original.body);
    expect(s.sim.deliveries.filter((d) => d.id === original.id)).toHaveLength(2);
  });

  it('spreads webhooks over replicas in turn, and redelivers to the replica asked for', async () => {
    const other = await startWebhookReceiver();
    try {
      s.sim.spreadWebhooks({ app: s.app.id, urls: [s.receiver.url, other.url] });
      const before = s.receiver.received.length;
      const { number } = await s.sim.as('dev').createIssue({ repo: REPO, title: 'Spread' });
      await s.sim.as('dev').comment({ repo: REPO, number, body: 'one' });
      await s.sim.as('dev').comment({ repo: REPO, number, body: 'two' });
      expect(s.receiver.received.slice(before).map((r) => `${r.event}.${r.action}`)).toEqual([
        'issues.opened',
        'issue_comment.created',
      ]);
      expect(other.received.map((r) => `${r.event}.${r.action}`)).toEqual(['issue_comment.created']);
      const first = s.sim.deliveries.find((d) => d.url === s.receiver.url && d.event === 'issues')!;
      const again = await s.sim.redeliver(first.id, { url: other.url });
      expect(again).toMatchObject({ id: first.id, redelivery: true, url: other.url, status: 200 });
      expect(other.received.at(-1)?.headers['x-github-delivery']).toBe(first.id);
      expect(other.received.at(-1)?.body).toBe(first.body);
    } finally {
      s.sim.spreadWebhooks({ app: s.app.id, urls: [] });
      await other.close();
    }
    const count = s.receiver.received.length;
    await s.sim.as('dev').createIssue({ repo: REPO, title: 'Back to one URL' });
    expect(s.receiver.received.length).toBe(count + 1);
  });

  it('records each delivery’s status, timing and the app’s response, and reports failures', async () => {
    s.receiver.setStatus(500);
    await s.sim.as('dev').createIssue({ repo: REPO, title: 'Fails' });
    s.receiver.setStatus(200);
    const failed = s.sim.deliveries.filter((d) => d.status === 500);
    expect(failed.map((d) => `${d.event}.${d.action}`)).toEqual(['issues.opened']);
    expect(failed[0]!.endedAt).toBeGreaterThanOrEqual(failed[0]!.startedAt);
    expect(failed[0]!.response).toBe('{"ok":true}');
    expect(() => s.sim.assertDeliveriesSucceeded()).toThrow(/issues\.opened .* → 500/);
  });

  it('emits synchronize with before/after on a push to a PR branch, and closed+merged on merge', async () => {
    const pr = await s.sim
      .as('dev')
      .openPullRequest({ repo: REPO, title: 'Sync', head: 'sync', files: { s: '1' } });
    const { sha } = await s.sim.as('dev').pushCommit({ repo: REPO, branch: 'sync', files: { s: '2' } });
    expect(s.receiver.of('pull_request', 'synchronize').at(-1)?.payload).toMatchObject({
      before: pr.headSha,
      after: sha,
      pull_request: { head: { sha } },
    });
    await s.sim.as('sec-lead').review({ repo: REPO, number: pr.number, event: 'APPROVE' });
    expect(s.receiver.of('pull_request_review', 'submitted').at(-1)?.payload).toMatchObject({
      review: { state: 'approved', commit_id: sha, user: { login: 'sec-lead' } },
    });
    await s.sim.as('dev').mergePullRequest({ repo: REPO, number: pr.number });
    expect(s.receiver.of('pull_request', 'closed').at(-1)?.payload).toMatchObject({
      pull_request: { merged: true, state: 'closed' },
    });
  });
});
