import { nextGitHubSecond } from '../../../sandbox/harness/next-github-second.ts';
import type { E2E } from '../../../sandbox/harness/start-simulator-and-app.ts';
import { SEED_PR_BODY } from '../../../sandbox/seed-org.ts';
import { LOW_PRIORITY_BLOCK } from '../../support/change-bodies.ts';

/** A low-priority bugfix: the change-manager alone approves it (keeps deploy scenarios short). */
export const LOW_PRIORITY_BODY = `A small fix.\n\n${LOW_PRIORITY_BLOCK}`;

/** Steps and reads shared by the end-to-end scenarios: one change per repository. */
export const changeScenario = (e2e: E2E, repo: string) => {
  let number = 0;
  let headSha = '';
  const api = {
    get number() {
      return number;
    },
    get headSha() {
      return headSha;
    },
    /**
     * dana opens the seed change (or `body`) as a PR and labels it `change`; returns in a later second than
     * the one the change request was recorded in, so that approvals given next count (nextGitHubSecond).
     */
    async open(body = SEED_PR_BODY) {
      const pr = await e2e.sim.as('dana').openPullRequest({
        repo,
        title: 'Implement MFA for Admin Access',
        body,
        head: 'change',
        files: { 'src/auth.ts': 'export const mfa = true;\n' },
      });
      number = pr.number;
      headSha = pr.headSha;
      await e2e.sim.as('dana').addLabels({ repo, number, labels: ['change'] });
      await e2e.sim.settle();
      await nextGitHubSecond();
      return api;
    },
    async push() {
      const commit = await e2e.sim
        .as('dana')
        .pushCommit({ repo, branch: 'change', files: { 'src/auth.ts': `// ${Date.now()}\n` } });
      headSha = e2e.sim.read.pullRequest({ repo, number }).head.sha;
      await e2e.sim.settle();
      return commit;
    },
    async approve(login: string) {
      await e2e.sim.as(login).review({ repo, number, event: 'APPROVE', body: 'Looks right.' });
      await e2e.sim.settle();
    },
    /** The latest Change Gate run on the current head. */
    check() {
      return e2e.sim.read
        .checkRuns({ repo, ref: headSha })
        .filter((run) => run.name === 'Change Gate')
        .at(-1);
    },
    /** Check output with Markdown escapes removed, as GitHub renders it. */
    summary(): string {
      return (api.check()?.output.summary ?? '').replace(/\\(.)/g, '$1').replaceAll('&#64;', '@');
    },
    labels(): string[] {
      return e2e.sim.read.labels({ repo, number }).filter((label) => label.startsWith('change:'));
    },
    /** Lifecycle events from the app's history comments (implementation-step ticks: `steps()`). */
    history(): string[] {
      return api
        .entries()
        .map((entry) => entry.event)
        .filter((event) => event !== 'step_completed');
    },
    /** The implementation steps the history shows ticked, and who ticked each. */
    steps(): Array<[string, string]> {
      return api
        .entries()
        .filter((entry) => entry.event === 'step_completed')
        .map((entry) => [String(entry.data.step), entry.actor]);
    },
    entries(): Array<{ event: string; actor: string; data: Record<string, unknown> }> {
      return e2e.sim.read.comments({ repo, number }).flatMap((comment) => {
        if (comment.user?.login !== 'change-gate[bot]') return [];
        // One comment holds every entry an evaluation recorded, each in its own marker.
        return [...(comment.body ?? '').matchAll(/<!-- change-gate:history v1 (\S+) -->/g)].map(
          (match) => JSON.parse(Buffer.from(match[1] ?? '', 'base64url').toString('utf8')).entry,
        );
      });
    },
  };
  return api;
};
