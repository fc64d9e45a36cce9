import { describe, expect, test } from 'vitest';
import { nextGitHubSecond } from '../../sandbox/harness/next-github-second.ts';
import { SEED_PR_BODY, seedPeople, seedRepo } from '../../sandbox/seed-org.ts';
import { useE2E } from './support/use-e2e.ts';

/** Reads history entries out of the app's comments, the way an auditor with the public key would. */
const historyEvents = (comments: Array<{ body?: string | undefined; user: { login: string } | null }>) =>
  comments
    .filter((comment) => comment.user?.login === 'change-gate[bot]')
    .flatMap((comment) => {
      // One comment holds every entry an evaluation recorded, each in its own marker.
      return [...(comment.body ?? '').matchAll(/<!-- change-gate:history v1 (\S+) -->/g)].map(
        (match) =>
          JSON.parse(Buffer.from(match[1] ?? '', 'base64url').toString('utf8')).entry.event as string,
      );
    });

describe('change intake, end to end (real app process, simulated GitHub)', () => {
  const e2e = useE2E({
    seed: (sim) => {
      seedPeople(sim, 'acme');
      for (const name of ['mfa', 'invalid', 'redeliver', 'forged', 'plain'])
        seedRepo(sim, { org: 'acme', name });
    },
  });

  const openChange = async (repo: string, body = SEED_PR_BODY) => {
    const { sim } = e2e;
    const pr = await sim.as('dana').openPullRequest({
      repo,
      title: 'Implement MFA for Admin Access',
      body,
      head: 'mfa',
      files: { 'src/auth.ts': 'export const mfa = true;\n' },
    });
    await sim.as('dana').addLabels({ repo, number: pr.number, labels: ['change'] });
    await sim.settle();
    // An approval stamped with the second the change was recorded in would not count.
    await nextGitHubSecond();
    return pr;
  };

  const gateRuns = (repo: string, sha: string) =>
    e2e.sim.read.checkRuns({ repo, ref: sha }).filter((run) => run.name === 'Change Gate');

  test('the seed change on a labeled PR gets its ID, label, history entry and a non-success check', async () => {
    const repo = 'acme/mfa';
    const pr = await openChange(repo);

    // Opened unlabeled, the PR first passed as "not a change"; labeling it started a new run on the same
    // commit (a completed run cannot go back to in progress).
    const runs = gateRuns(repo, pr.headSha);
    expect(runs.map((run) => run.output.title)).toEqual([
      'Not a change request',
      expect.stringMatching(/^Pending approval/),
    ]);
    expect(runs[1]).toMatchObject({
      status: 'in_progress',
      conclusion: null,
      external_id: `CHG-${new Date().getUTCFullYear()}-001`,
      app: { slug: 'change-gate' },
    });
    expect(runs[1]?.output.title).toMatch(/^Pending approval — CHG-\d{4}-001: 0 of 4 roles approved$/);
    expect(e2e.sim.read.labels({ repo, number: pr.number }).sort()).toEqual([
      'change',
      'change:pending-approval',
    ]);
    expect(historyEvents(e2e.sim.read.comments({ repo, number: pr.number }))).toEqual(['submitted']);
  }, 60_000);

  test('an invalid block fails the check with its line numbers', async () => {
    const repo = 'acme/invalid';
    const body = SEED_PR_BODY.replace('priority: "high"', 'priority: "urgent"');
    const pr = await openChange(repo, body);
    const line = body.split('\n').findIndex((text) => text.includes('"urgent"')) + 1;

    const run = gateRuns(repo, pr.headSha).at(-1);
    expect(run).toMatchObject({ status: 'completed', conclusion: 'failure' });
    expect(run?.output.summary).toContain(`line ${line} (block line`);
    expect(e2e.sim.read.labels({ repo, number: pr.number })).toContain('change:invalid');
  });

  test('redelivering every webhook of the scenario changes nothing', async () => {
    const { sim } = e2e;
    const repo = 'acme/redeliver';
    const from = sim.deliveries.length;
    const pr = await openChange(repo);
    const before = {
      comments: sim.read.comments({ repo, number: pr.number }).map((comment) => [comment.id, comment.body]),
      runs: gateRuns(repo, pr.headSha).map((run) => [run.id, run.status, run.output.summary]),
      labels: sim.read.labels({ repo, number: pr.number }),
    };
    const deliveries = sim.deliveries.slice(from).map((delivery) => delivery.id);
    expect(deliveries.length).toBeGreaterThan(1);

    for (const id of deliveries) await sim.redeliver(id);
    await sim.settle();

    expect(
      sim.read.comments({ repo, number: pr.number }).map((comment) => [comment.id, comment.body]),
    ).toEqual(before.comments);
    expect(gateRuns(repo, pr.headSha).map((run) => [run.id, run.status, run.output.summary])).toEqual(
      before.runs,
    );
    expect(sim.read.labels({ repo, number: pr.number })).toEqual(before.labels);
  });

  test('a user comment imitating a history entry is ignored; a tampered entry is reported', async () => {
    const { sim } = e2e;
    const repo = 'acme/forged';
    const pr = await openChange(repo);
    const [entry] = sim.read.comments({ repo, number: pr.number });
    const marker = /change-gate:history v1 (\S+)/.exec(entry?.body ?? '')?.[1] ?? '';
    const payload = JSON.parse(Buffer.from(marker, 'base64url').toString('utf8'));

    // mallory copies the app's comment, claiming an approval.
    payload.entry.event = 'approved';
    const forged = (entry?.body ?? '').replace(
      marker,
      Buffer.from(JSON.stringify(payload)).toString('base64url'),
    );
    await sim.as('mallory').comment({ repo, number: pr.number, body: forged });
    await sim.as('dana').review({ repo, number: pr.number, event: 'COMMENT', body: 'ping' });
    await sim.as('carl').comment({ repo, number: pr.number, body: '/approve' });
    await sim.settle();

    let [run] = gateRuns(repo, pr.headSha).slice(-1);
    expect(run?.output.title).toMatch(/Pending approval .* 1 of 4 roles approved/);
    expect(run?.output.text).toContain('forged');

    // An admin edits the app's own comment: its signature no longer verifies.
    const tampered = (entry?.body ?? '').replace(
      marker,
      Buffer.from(
        JSON.stringify({ ...payload, entry: { ...payload.entry, event: 'submitted', actor: 'mallory' } }),
      ).toString('base64url'),
    );
    await sim.as('acme-admin').editComment({ repo, commentId: entry!.id, body: tampered });
    await sim.settle();

    [run] = gateRuns(repo, pr.headSha).slice(-1);
    expect(run?.output.text).toContain('tampered');
    expect(run?.conclusion).not.toBe('success');
  });

  test('a PR that is not a change request passes with "Not a change request"', async () => {
    const { sim } = e2e;
    const repo = 'acme/plain';
    const pr = await sim
      .as('dana')
      .openPullRequest({ repo, title: 'Typo', head: 'typo', files: { 'README.md': 'x' } });
    await sim.settle();
    const [run] = gateRuns(repo, pr.headSha);
    expect(run).toMatchObject({ status: 'completed', conclusion: 'success' });
    expect(run?.output.title).toBe('Not a change request');
    expect(sim.read.comments({ repo, number: pr.number })).toEqual([]);
  });
});
