import { describe, expect, test } from 'vitest';
import type { RepositoryPermission } from '../../../src/core/lifecycle/has-write-access.ts';
import { parseLifecycleCommand } from '../../../src/core/lifecycle/parse-lifecycle-command.ts';
import { answerLifecycleCommand } from '../../../src/use-cases/answer-lifecycle-command.ts';
import { completeChange } from '../../../src/use-cases/complete-change.ts';
import { implementChange } from '../../../src/use-cases/implement-change.ts';
import { LOW_PRIORITY_BLOCK } from '../../support/change-bodies.ts';
import { createReconcileHarness, SEED_CONFIG } from '../../support/reconcile-harness.ts';

const BODY = `A small fix.\n\n${LOW_PRIORITY_BLOCK}`;
const START = '2026-03-02T10:00:00Z';

/** An issue change carl (change-manager) approved; `olive` writes, `tess` triages. */
const setUp = async (options: { approve?: boolean; reconcile?: boolean } = {}) => {
  const harness = createReconcileHarness({ start: START });
  const number = harness.github.openIssue({ author: 'dana', body: BODY, labels: ['change'] });
  await harness.reconcile(number);
  if (options.approve !== false) {
    harness.github.comment(number, { author: 'carl', body: '/approve' });
    if (options.reconcile !== false) await harness.reconcile(number, 'carl');
  }
  const roles: Record<string, RepositoryPermission> = { olive: 'write', tess: 'read', max: 'admin' };
  const asked: string[] = [];
  const permissions = {
    async repositoryPermission(_repo: unknown, login: string) {
      asked.push(login);
      return roles[login] ?? 'none';
    },
  };
  const log = { info: () => {} };
  const common = (actor: string, source: { commentId: number } | null = null) => ({
    deps: harness.deps,
    port: harness.github.port,
    permissions,
    log,
    ref: harness.github.ref(number),
    actor,
    note: '',
    source: source ? { via: 'command' as const, commentId: source.commentId } : { via: 'api' as const },
  });
  const events = () => harness.history(number).entries.map(({ entry }) => entry);
  return { harness, number, common, events, asked, permissions, log };
};

describe('implementChange and completeChange (the use cases of the commands and the REST API)', () => {
  test('a repository renamed between implementing and completing: the earlier entries still count (bound by id)', async () => {
    const { harness, number, common, events } = await setUp();
    await implementChange(common('olive'));
    expect(events().at(-1)?.data).toMatchObject({
      repository: 'acme/payments',
      repository_id: harness.github.repositoryId,
    });

    harness.github.renameRepository({ owner: 'acme-corp', repo: 'billing' });
    harness.advance(3_600_000);
    const done = await completeChange({ ...common('max'), outcome: 'completed' });
    expect(done).toMatchObject({ ok: true, status: 'completed' });
    expect(harness.history(number).problems).toEqual([]);
    expect(events().map((entry) => entry.event)).toEqual([
      'submitted',
      'approved',
      'implementing',
      'completed',
    ]);
    expect(events().at(-1)?.data).toMatchObject({ repository: 'acme-corp/billing' });
    expect(harness.github.get(number).labels).toEqual(['change', 'change:completed']);
  });

  test('approved → implementing → completed, each one entry by the actor; a reconcile after writes nothing', async () => {
    const { harness, number, common, events } = await setUp();

    const started = await implementChange({ ...common('olive', { commentId: 7 }), note: 'keys first' });
    expect(started).toMatchObject({
      ok: true,
      status: 'implementing',
      repeated: false,
      at: '2026-03-02T10:00:00.000Z',
    });
    expect(events().at(-1)).toMatchObject({
      event: 'implementing',
      actor: 'olive',
      data: { via: 'command', comment_id: 7, note: 'keys first' },
    });
    expect(harness.github.get(number).labels).toEqual(['change', 'change:implementing']);
    const writes = harness.github.writes.length;
    await harness.reconcile(number, 'dana');
    expect(harness.github.writes.slice(writes)).toEqual([]);

    harness.advance(3_600_000);
    const done = await completeChange({ ...common('max', { commentId: 8 }), outcome: 'completed' });
    expect(done).toMatchObject({ ok: true, status: 'completed', nextReview: '2026-04-01' });
    expect(events().at(-1)).toMatchObject({
      event: 'completed',
      actor: 'max',
      data: { next_review: '2026-04-01' },
    });
    expect(harness.github.get(number).labels).toEqual(['change', 'change:completed']);
    const status = harness.github
      .get(number)
      .comments.find((c) => c.body.startsWith('<!-- change-gate:status'));
    expect(status?.body).toContain('Next review: 2026-04-01.');
    const after = harness.github.writes.length;
    await harness.reconcile(number, 'dana');
    expect(harness.github.writes.slice(after)).toEqual([]);
  });

  test('the same command again (a redelivered webhook) is a repeat: nothing written', async () => {
    const { harness, common, events } = await setUp();
    await implementChange(common('olive', { commentId: 7 }));
    const writes = harness.github.writes.length;

    const again = await implementChange(common('olive', { commentId: 7 }));

    expect(again).toMatchObject({ ok: true, status: 'implementing', repeated: true });
    expect(harness.github.writes.slice(writes)).toEqual([]);
    expect(events().filter((entry) => entry.event === 'implementing')).toHaveLength(1);
    // Another request (another comment, or the API) is judged on where the change now stands.
    expect(await implementChange(common('olive'))).toMatchObject({
      ok: false,
      reason: 'invalid_transition',
      message: 'already implementing',
    });
  });

  test('refusals carry their reason class and write nothing', async () => {
    const { harness, number, common, asked } = await setUp();
    const writes = harness.github.writes.length;

    expect(await implementChange(common('tess'))).toMatchObject({
      ok: false,
      reason: 'not_allowed',
      status: 'approved',
      message: 'needs write access to acme/payments (the permission is read)',
    });
    expect(await implementChange(common('stranger'))).toMatchObject({ ok: false, reason: 'not_allowed' });
    expect(await completeChange({ ...common('olive'), outcome: 'failed' })).toMatchObject({
      ok: false,
      reason: 'invalid_transition',
      message: expect.stringMatching(/^not implementing: it is approved/),
    });
    expect(harness.github.writes.slice(writes)).toEqual([]);
    expect(asked).toEqual(['tess', 'stranger', 'olive']);

    const plain = harness.github.openIssue({ author: 'dana', body: 'Just a question' });
    const notAChange = await implementChange({ ...common('olive'), ref: harness.github.ref(plain) });
    expect(notAChange).toMatchObject({ ok: false, reason: 'not_found', changeId: null });
    expect(harness.github.get(number).labels).toEqual(['change', 'change:approved']);
  });

  test('a pull request is refused: deployments move its change', async () => {
    const { harness, common } = await setUp();
    const pr = harness.github.openPullRequest({ author: 'dana', body: BODY, labels: ['change'] });
    await harness.reconcile(pr);
    const writes = harness.github.writes.length;
    expect(await implementChange({ ...common('olive'), ref: harness.github.ref(pr) })).toMatchObject({
      ok: false,
      reason: 'invalid_transition',
      message: expect.stringMatching(/^deployments move a pull request's change/),
    });
    expect(harness.github.writes.slice(writes)).toEqual([]);
  });

  test('before approval: refused, "not approved yet"', async () => {
    const { common } = await setUp({ approve: false });
    expect(await implementChange(common('olive'))).toMatchObject({
      ok: false,
      reason: 'invalid_transition',
      status: 'pending_approval',
      message: 'not approved yet: pending approval',
    });
  });

  test('an approval the app has not recorded yet (a missed webhook) is recorded first, then the move', async () => {
    const { common, events } = await setUp({ reconcile: false });
    expect(await implementChange(common('olive'))).toMatchObject({ ok: true, status: 'implementing' });
    expect(events().map((entry) => entry.event)).toEqual(['submitted', 'approved', 'implementing']);
  });

  test('the recipients hear of each move once; a repeat and a refusal tell nobody', async () => {
    const { harness, common } = await setUp();
    const config = structuredClone(SEED_CONFIG) as { change_management: Record<string, unknown> };
    config.change_management.notifications = {
      enabled: true,
      channels: ['webhook'],
      recipients: ['change-manager'],
      webhook: { url_env: 'CHANGE_GATE_NOTIFY_HOOK_URL', secret_env: 'CHANGE_GATE_NOTIFY_HOOK_SECRET' },
    };
    harness.github.setConfig(config);
    const told: string[] = [];
    // As the real queue: each delivery claimed by id first (recent entries are offered again, sent once).
    const claimed = new Set<string>();
    harness.deps.notifications = {
      enqueue: (notification, deliveries) => {
        for (const delivery of deliveries) {
          if (claimed.has(delivery.id)) continue;
          claimed.add(delivery.id);
          told.push(`${notification.event} ${notification.changeId}`);
        }
      },
      idle: async () => {},
      handBack: async () => 0,
      sendHandedBack: async () => 0,
    };

    await implementChange(common('olive', { commentId: 7 }));
    await implementChange(common('olive', { commentId: 7 }));
    await implementChange(common('tess'));
    await completeChange({ ...common('olive', { commentId: 8 }), outcome: 'rolled_back' });

    // The entries written before notifications were configured are recent: told once, with the first move.
    expect(told).toEqual([
      'submitted CHG-2026-001',
      'approved CHG-2026-001',
      'implementing CHG-2026-001',
      'rolled_back CHG-2026-001',
    ]);
  });

  test('a refused comment command is answered once, naming who, what and why', async () => {
    const { harness, number, permissions, log } = await setUp({ approve: false });
    const commentId = harness.github.comment(number, { author: 'olive', body: '/implement' });
    const answer = () =>
      answerLifecycleCommand({
        deps: harness.deps,
        port: harness.github.port,
        permissions,
        log,
        ref: harness.github.ref(number),
        commentId,
        actor: 'olive',
        command: parseLifecycleCommand('/implement')!,
      });
    await answer();
    await answer();
    const replies = harness.github
      .get(number)
      .comments.filter((comment) => comment.body.startsWith(`<!-- change-gate:reply ${commentId} -->`));
    expect(replies.map((reply) => reply.body.split('\n')[1])).toEqual([
      '@olive: `/implement` was refused — not approved yet: pending approval. Nothing changed.',
    ]);
  });
});
