import { describe, expect, test } from 'vitest';
import { seedPeople, seedRepo } from '../../../sandbox/seed-org.ts';
import { createSigner } from '../../../src/core/history/create-signer.ts';
import type { SignedEntry } from '../../../src/core/history/history-entry.ts';
import { renderHistoryComment } from '../../../src/core/history/render-history-comment.ts';
import { changeScenario, LOW_PRIORITY_BODY } from '../support/change-scenario.ts';
import { useE2E } from '../support/use-e2e.ts';

const BOT = 'change-gate[bot]';
const ADMIN = 'acme-admin';
const MARKER = /<!-- change-gate:history v1 (\S+) -->/g;

/**
 * Duplicated history entries: a racing replica's copy is deleted, but a copy an admin pasted into another comment
 * never makes the app delete the genuine entry (trust model: "a deleted, edited or missing entry fails the check").
 */
describe('adversarial: duplicated history entries', () => {
  const e2e = useE2E({
    seed: (sim) => {
      seedPeople(sim, 'acme');
      for (const name of ['pasted', 'raced']) seedRepo(sim, { org: 'acme', name });
    },
  });

  /** The app's history comments on a change, each with the signed entries its markers hold. */
  const historyComments = (repo: string, number: number) =>
    e2e.sim.read.comments({ repo, number }).flatMap((comment) => {
      if (comment.user?.login !== BOT) return [];
      const signed = [...(comment.body ?? '').matchAll(MARKER)].map(
        (match) => JSON.parse(Buffer.from(match[1] ?? '', 'base64url').toString('utf8')) as SignedEntry,
      );
      return signed.length === 0 ? [] : [{ id: comment.id, body: comment.body ?? '', signed }];
    });

  test('7. an admin pasting the newest entry into an earlier bot comment: the genuine comment is kept, tampering reported', async () => {
    const { sim } = e2e;
    const repo = 'acme/pasted';
    const change = await changeScenario(e2e, repo).open(LOW_PRIORITY_BODY);
    await change.approve('carl');
    expect(change.check()).toMatchObject({ status: 'completed', conclusion: 'success' });
    const [submitted, approved] = historyComments(repo, change.number);
    expect(approved?.signed.map((item) => item.entry.event)).toEqual(['approved']);

    // The earlier comment now carries a copy of the newest entry: read in posting order, the copy comes first
    // and the genuine comment looks like a racing replica's duplicate.
    await sim.as(ADMIN).editComment({
      repo,
      commentId: submitted!.id,
      body: `${submitted!.body}\n${approved!.body}`,
    });
    await sim.settle();

    // Evidence is never lost: the genuine comment is still there, unchanged.
    const after = historyComments(repo, change.number);
    expect(after.map((comment) => comment.id)).toContain(approved!.id);
    expect(after.find((comment) => comment.id === approved!.id)?.body).toBe(approved!.body);
    expect(change.check()).toMatchObject({ status: 'completed', conclusion: 'failure' });
    expect(change.check()?.output.title).toMatch(/^History tampered — CHG-\d{4}-001/);
    expect(change.summary()).toContain(`comment ${submitted!.id} was edited after the app posted it`);
    expect(change.history()).toContain('history_tampered');

    // Later evaluations keep it too.
    await sim.as('carl').comment({ repo, number: change.number, body: '/approve' });
    await sim.settle();
    expect(historyComments(repo, change.number).map((comment) => comment.id)).toContain(approved!.id);
  }, 120_000);

  test("a racing replica's copy of an entry (the app's own, never edited) is still deleted", async () => {
    const { sim } = e2e;
    const repo = 'acme/raced';
    const change = await changeScenario(e2e, repo).open(LOW_PRIORITY_BODY);
    await change.approve('carl');
    expect(change.check()).toMatchObject({ status: 'completed', conclusion: 'success' });
    const [, approved] = historyComments(repo, change.number);
    const original = approved!.signed[0]!;

    // Another replica took the same decision on the same history a second later: the same key, its own time.
    const copy = createSigner(e2e.app.privateKeyPem).sign({
      ...original.entry,
      at: new Date(Date.parse(original.entry.at) + 1_000).toISOString(),
    });
    const [copyId] = sim.seedComments({
      repo,
      number: change.number,
      author: BOT,
      bodies: [renderHistoryComment({ signed: copy })],
    });
    // The next event evaluates the change again (an approval given again records nothing new).
    await sim.as('carl').comment({ repo, number: change.number, body: '/approve' });
    await sim.settle();

    const after = historyComments(repo, change.number).map((comment) => comment.id);
    expect(after).not.toContain(copyId);
    expect(after).toContain(approved!.id);
    expect(change.history()).toEqual(['submitted', 'approved']);
    expect(change.check()).toMatchObject({ status: 'completed', conclusion: 'success' });
  }, 120_000);
});
