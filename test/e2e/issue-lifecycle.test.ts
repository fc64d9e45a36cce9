import { describe, expect, test } from 'vitest';
import { nextGitHubSecond } from '../../sandbox/harness/next-github-second.ts';
import { seedPeople, seedRepo } from '../../sandbox/seed-org.ts';
import { LOW_PRIORITY_BODY } from './support/change-scenario.ts';
import { useE2E } from './support/use-e2e.ts';

interface Entry {
  event: string;
  actor: string;
  at: string;
  data: Record<string, unknown>;
}

const DAY = 86_400_000;

describe('issue-based changes move by /implement and /complete, end to end', () => {
  const repos = ['moves', 'early', 'readers', 'failed', 'rolled', 'again', 'pr'];
  const e2e = useE2E({
    seed: (sim) => {
      seedPeople(sim, 'acme');
      sim.createUser({ login: 'olive' });
      sim.createUser({ login: 'tess' });
      for (const name of repos) {
        seedRepo(sim, { org: 'acme', name });
        // olive operates the systems (write); tess triages; mallory only reads (organisation member or not).
        sim.addCollaborator({ repo: `acme/${name}`, user: 'olive', role: 'write' });
        sim.addCollaborator({ repo: `acme/${name}`, user: 'tess', role: 'triage' });
        sim.addCollaborator({ repo: `acme/${name}`, user: 'mallory', role: 'read' });
      }
    },
  });

  /** dana files the low-priority change as an issue; carl (change-manager) approves it unless told not to. */
  const openIssueChange = async (repo: string, options: { approve?: boolean } = {}) => {
    const { sim } = e2e;
    const issue = await sim.as('dana').createIssue({
      repo,
      title: 'Fix the session timeout',
      body: LOW_PRIORITY_BODY,
      labels: ['change'],
    });
    await sim.settle();
    // An /approve stamped with the second the change was recorded in does not count.
    await nextGitHubSecond();
    if (options.approve !== false) {
      await sim.as('carl').comment({ repo, number: issue.number, body: '/approve' });
      await sim.settle();
    }
    return issue.number;
  };

  const say = async (login: string, repo: string, number: number, body: string) => {
    const { id } = await e2e.sim.as(login).comment({ repo, number, body });
    await e2e.sim.settle();
    return id;
  };

  const appComments = (repo: string, number: number) =>
    e2e.sim.read.comments({ repo, number }).filter((comment) => comment.user?.login === 'change-gate[bot]');

  const entries = (repo: string, number: number): Entry[] =>
    appComments(repo, number).flatMap((comment) => {
      return [...(comment.body ?? '').matchAll(/<!-- change-gate:history v1 (\S+) -->/g)].map(
        (match) => JSON.parse(Buffer.from(match[1] ?? '', 'base64url').toString('utf8')).entry as Entry,
      );
    });

  const statusLabels = (repo: string, number: number) =>
    e2e.sim.read.labels({ repo, number }).filter((label) => label.startsWith('change:'));

  const statusComment = (repo: string, number: number) =>
    appComments(repo, number).find((comment) => comment.body?.startsWith('<!-- change-gate:status -->'))
      ?.body ?? '';

  const replies = (repo: string, number: number) =>
    appComments(repo, number)
      .map((comment) => comment.body ?? '')
      .filter((body) => body.startsWith('<!-- change-gate:reply '));

  test('an approved change: /implement then /complete, by a writer, with next_review 30 days on', async () => {
    const repo = 'acme/moves';
    const number = await openIssueChange(repo);
    expect(statusLabels(repo, number)).toEqual(['change:approved']);

    await say('olive', repo, number, '/implement rotating the keys now');
    expect(statusLabels(repo, number)).toEqual(['change:implementing']);
    const started = entries(repo, number).at(-1);
    expect(started).toMatchObject({
      event: 'implementing',
      actor: 'olive',
      data: { via: 'command', note: 'rotating the keys now' },
    });
    expect(statusComment(repo, number)).toContain('### Change Gate: Implementing');

    await say('olive', repo, number, '/complete all checks green, *no* incident');
    expect(statusLabels(repo, number)).toEqual(['change:completed']);
    const done = entries(repo, number).at(-1);
    const due = new Date(Date.parse(done?.at ?? '') + 30 * DAY).toISOString().slice(0, 10);
    expect(done).toMatchObject({
      event: 'completed',
      actor: 'olive',
      data: { via: 'command', note: 'all checks green, *no* incident', next_review: due },
    });
    expect(statusComment(repo, number)).toContain(`Next review: ${due}.`);
    // The note is shown as text, never as Markdown.
    expect(statusComment(repo, number)).toContain('\\*no\\* incident');
    const sentence = appComments(repo, number).find((c) => c.body?.includes('completed by'))?.body ?? '';
    expect(sentence).toMatch(new RegExp(`completed by @\\S*olive — next review ${due}`));
    expect(replies(repo, number)).toEqual([]);
  }, 90_000);

  test('/implement before approval is refused with the reason, and nothing changes', async () => {
    const repo = 'acme/early';
    const number = await openIssueChange(repo, { approve: false });
    const before = entries(repo, number).map((entry) => entry.event);

    await say('olive', repo, number, '/implement');

    expect(entries(repo, number).map((entry) => entry.event)).toEqual(before);
    expect(statusLabels(repo, number)).toEqual(['change:pending-approval']);
    expect(replies(repo, number)).toEqual([
      expect.stringMatching(/@\S*olive: `\/implement` was refused — not approved yet: pending approval\./),
    ]);

    // `/complete` before `/implement`: refused too.
    await e2e.sim.as('carl').comment({ repo, number, body: '/approve' });
    await e2e.sim.settle();
    await say('olive', repo, number, '/complete');
    expect(statusLabels(repo, number)).toEqual(['change:approved']);
    expect(replies(repo, number).at(-1)).toMatch(
      /`\/complete` was refused — not implementing: it is approved/,
    );
  });

  test('people with read or triage access are refused; an edited comment never counts', async () => {
    const repo = 'acme/readers';
    const number = await openIssueChange(repo);
    const before = entries(repo, number).length;

    await say('tess', repo, number, '/implement');
    await say('mallory', repo, number, '/implement');
    expect(entries(repo, number)).toHaveLength(before);
    expect(statusLabels(repo, number)).toEqual(['change:approved']);
    expect(replies(repo, number)).toEqual([
      expect.stringMatching(
        /@\S*tess: `\/implement` was refused — needs write access to acme\/readers \(the permission is read\)/,
      ),
      expect.stringMatching(/@\S*mallory: `\/implement` was refused — needs write access/),
    ]);

    // olive edits an old comment of hers into a command: edits never count.
    const id = await say('olive', repo, number, 'Starting soon.');
    await e2e.sim.as('olive').editComment({ repo, commentId: id, body: '/implement' });
    await e2e.sim.settle();
    expect(entries(repo, number)).toHaveLength(before);
    expect(statusLabels(repo, number)).toEqual(['change:approved']);
  }, 90_000);

  test.each([
    ['failed', '/complete failed the migration timed out', 'failed', 'change:failed'],
    ['rolled', '/complete rolled_back reverted after errors', 'rolled_back', 'change:rolled-back'],
  ] as const)(
    'acme/%s: %s records its outcome',
    async (name, command, event, label) => {
      {
        const repo = `acme/${name}`;
        const number = await openIssueChange(repo);
        await say('olive', repo, number, '/implement');
        await say('olive', repo, number, command);
        expect(statusLabels(repo, number)).toEqual([label]);
        const last = entries(repo, number).at(-1);
        expect(last).toMatchObject({ event, actor: 'olive', data: { via: 'command' } });
        expect(last?.data.next_review).toBeUndefined();
        expect(String(last?.data.note)).toMatch(/^(the migration timed out|reverted after errors)$/);
      }
    },
    90_000,
  );

  test('redelivering every webhook of the moves writes nothing twice', async () => {
    const { sim } = e2e;
    const repo = 'acme/again';
    const number = await openIssueChange(repo);
    const from = sim.deliveries.length;
    await say('olive', repo, number, '/implement');
    await say('tess', repo, number, '/complete');
    await say('olive', repo, number, '/complete');
    const before = {
      comments: sim.read.comments({ repo, number }).map((comment) => [comment.id, comment.body]),
      labels: sim.read.labels({ repo, number }),
    };
    expect(entries(repo, number).map((entry) => entry.event)).toEqual([
      'submitted',
      'approved',
      'implementing',
      'completed',
    ]);
    expect(replies(repo, number)).toHaveLength(1);

    for (const delivery of sim.deliveries.slice(from)) await sim.redeliver(delivery.id);
    await sim.settle();

    expect(sim.read.comments({ repo, number }).map((comment) => [comment.id, comment.body])).toEqual(
      before.comments,
    );
    expect(sim.read.labels({ repo, number })).toEqual(before.labels);
  }, 150_000);

  test('on a pull request the commands are refused: deployments move its change', async () => {
    const { sim } = e2e;
    const repo = 'acme/pr';
    const pr = await sim.as('dana').openPullRequest({
      repo,
      title: 'Fix the session timeout',
      body: LOW_PRIORITY_BODY,
      head: 'fix',
      files: { 'src/auth.ts': 'export const timeout = 30;\n' },
    });
    await sim.as('dana').addLabels({ repo, number: pr.number, labels: ['change'] });
    await sim.settle();
    const before = entries(repo, pr.number).length;

    await say('olive', repo, pr.number, '/implement');

    expect(entries(repo, pr.number)).toHaveLength(before);
    expect(replies(repo, pr.number)).toEqual([
      expect.stringMatching(/`\/implement` was refused — deployments move a pull request's change/),
    ]);
  });
});
