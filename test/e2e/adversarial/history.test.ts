import { describe, expect, test } from 'vitest';
import { seedPeople, seedRepo } from '../../../sandbox/seed-org.ts';
import { changeScenario, LOW_PRIORITY_BODY } from '../support/change-scenario.ts';
import { useE2E } from '../support/use-e2e.ts';

const BOT = 'change-gate[bot]';
const ADMIN = 'acme-admin';

/** The trust model's "History" lines, played as an attacker with ordinary repository rights would. */
describe('adversarial: history', () => {
  const e2e = useE2E({
    seed: (sim) => {
      seedPeople(sim, 'acme');
      for (const name of ['alpha', 'beta']) seedRepo(sim, { org: 'acme', name });
    },
  });

  /** The app's history comments on a change, decoded (whatever their signature says). */
  const entries = (repo: string, number: number) =>
    e2e.sim.read.comments({ repo, number }).flatMap((comment) => {
      const payload = /<!-- change-gate:history v1 (\S+) -->/.exec(comment.body ?? '')?.[1];
      if (!payload || comment.user?.login !== BOT) return [];
      const { entry } = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
      return [{ id: comment.id, body: comment.body ?? '', event: entry.event as string, entry }];
    });

  /** What GitHub renders of the check: title, summary and text, Markdown escapes removed. */
  const checkText = (change: ReturnType<typeof changeScenario>): string => {
    const run = change.check();
    return [run?.output.title, run?.output.summary, run?.output.text]
      .join('\n')
      .replace(/\\(.)/g, '$1')
      .replaceAll('&#64;', '@');
  };

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
    expect(beta.labels()).toEqual(['change:pending-approval']);
    // The copied entry did not count as beta's state (else beta would "invalidate" a block it never had).
    const events = entries('acme/beta', beta.number).map((item) => item.event);
    expect(events).not.toContain('invalidated');
  }, 90_000);
});
