/**
 * The demo's second half: an emergency change deployed first and closed afterwards, and a change that waits
 * for its maintenance window. Each story runs in its own repository of the demo's organisation and returns
 * whether it went as the procedure says.
 */
import type { GitHubSimulator } from './github-sim/index.ts';
import { nextGitHubSecond } from './harness/next-github-second.ts';
import { runAction } from './harness/run-action.ts';
import { SEED_PEOPLE } from './seed-org.ts';

export interface StoryContext {
  sim: GitHubSimulator;
  /** A GitHub Actions token of the organisation (what a deploy workflow's step has). */
  token: string;
  line: (stage: string, text: string) => void;
}

const block = (lines: string[]) =>
  ['```yaml', 'change_request:', ...lines.map((l) => `  ${l}`), '```'].join('\n');

/** The signed history entries on a PR, in order (read as the README's auditor does, minus the key check). */
const entries = (sim: GitHubSimulator, repo: string, number: number) =>
  sim.read.comments({ repo, number }).flatMap((comment) => {
    if (comment.user?.login !== 'change-gate[bot]') return [];
    // One comment holds every entry an evaluation recorded, each in its own marker.
    return [...(comment.body ?? '').matchAll(/<!-- change-gate:history v1 (\S+) -->/g)].map((match) => {
      const { entry } = JSON.parse(Buffer.from(match[1] ?? '', 'base64url').toString('utf8'));
      return entry as { event: string; data: Record<string, unknown> };
    });
  });
const events = (sim: GitHubSimulator, repo: string, number: number): string[] =>
  entries(sim, repo, number).map((entry) => entry.event);

/** An entry's event, with the deploy's start or finish and the step a tick is for, where the entry says. */
const named = ({ event, data }: { event: string; data: Record<string, unknown> }): string => {
  if (event === 'emergency_implemented')
    return `${event} (${data.finished === true ? 'finished' : 'started'})`;
  if (event === 'step_completed' && typeof data.step === 'string') return `${event} (${data.step})`;
  return event;
};

const gateRun = (sim: GitHubSimulator, repo: string, sha: string) =>
  sim.read
    .checkRuns({ repo, ref: sha })
    .filter((run) => run.name === 'Change Gate')
    .at(-1);

/** What the gate said about the next maintenance window, from the action's log. */
const nextWindow = (stdout: string): string => {
  const said = /the next is (.+? from \S+)/.exec(stdout)?.[1];
  // Whole seconds, as the change block's scheduled_time and the demo's other lines write them.
  return said ? `: the next window is ${said.replace(/\.000Z\b/g, 'Z')}` : '';
};

const labels = (sim: GitHubSimulator, repo: string, number: number) =>
  sim.read
    .labels({ repo, number })
    .filter((label) => label.startsWith('change:'))
    .sort()
    .join(', ');

/** Checkout is down: confirmed by an emergency approver, deployed before approval, approved and reviewed after. */
export async function emergencyStory({ sim, token, line }: StoryContext, repo: string): Promise<boolean> {
  const dana = sim.as(SEED_PEOPLE.developer);
  const lead = SEED_PEOPLE['security-team-lead'];
  const manager = SEED_PEOPLE['engineering-manager'];
  const pr = await dana.openPullRequest({
    repo,
    title: 'Restore the checkout service',
    body: `Checkout is down since 02:10.\n\n${block([
      'title: "Restore the checkout service"',
      'change_type: bugfix',
      'priority: critical',
      'urgency: emergency',
      'emergency_reason: system_outage',
      'affected_systems: [checkout]',
      'rollback_plan: "Revert the commit"',
    ])}`,
    head: 'restore-checkout',
    files: { 'src/checkout.ts': 'export const paymentsTimeoutMs = 5_000;\n' },
  });
  await dana.addLabels({ repo, number: pr.number, labels: ['change'] });
  await sim.settle();
  // Approvals stamped with the second the change was recorded in would not count (GitHub's whole seconds).
  await nextGitHubSecond();
  line(
    'emergency',
    `dana opened #${pr.number} in ${repo}: urgency emergency, reason system_outage → "${gateRun(sim, repo, pr.headSha)?.output.title}"`,
  );

  await sim.as(lead).comment({ repo, number: pr.number, body: '/emergency checkout is down' });
  await sim.settle();
  const confirmed = gateRun(sim, repo, pr.headSha);
  line(
    'confirmed',
    `${lead} (emergency approver) commented /emergency → check ${confirmed?.conclusion}: "${confirmed?.output.title}"`,
  );

  await dana.mergePullRequest({ repo, number: pr.number });
  await sim.settle();
  const main = sim.read.branchSha({ repo, branch: 'main' }) ?? '';
  const deploy = await runAction({
    apiUrl: sim.apiUrl,
    token,
    repository: repo,
    sha: main,
    inputs: { environment: 'production' },
  });
  await sim.settle();
  const finish = await runAction({
    apiUrl: sim.apiUrl,
    token,
    repository: repo,
    sha: main,
    inputs: { command: 'finish', result: 'success' },
    env: deploy.env,
  });
  await sim.settle();
  const reviewNumber = entries(sim, repo, pr.number)
    .map((entry) => entry.data.review_issue)
    .find((number) => typeof number === 'number');
  const reviewIssue =
    typeof reviewNumber === 'number' ? sim.read.issue({ repo, number: reviewNumber }) : undefined;
  line(
    'deployed',
    `merged and deployed before any approval: gate ${deploy.code === 0 ? 'allowed' : `REFUSED (${deploy.outputs.status})`}, finish ${finish.code === 0 ? 'success' : 'failed'} → ${labels(sim, repo, pr.number)}; history: ${entries(sim, repo, pr.number).map(named).join(', ')}; review issue #${reviewIssue?.number ?? '?'} opened`,
  );

  // The emergency level's roles approve afterwards; the deployer (here the workflow's bot) never counts.
  for (const login of [lead, manager]) {
    await sim.as(login).comment({ repo, number: pr.number, body: '/approve' });
    await sim.settle();
  }
  line(
    'retroactive',
    `${lead} and ${manager} (the emergency level's roles) approved afterwards → history: …, ${events(sim, repo, pr.number).at(-1)}`,
  );

  if (reviewIssue) {
    await sim.as(SEED_PEOPLE['change-manager']).closeIssue({ repo, number: reviewIssue.number });
    await sim.settle();
  }
  const final = events(sim, repo, pr.number);
  line(
    'reviewed',
    `carl closed review issue #${reviewIssue?.number ?? '?'} → ${labels(sim, repo, pr.number)}; history ends ${final.slice(-2).join(', ')}`,
  );
  return (
    deploy.code === 0 &&
    finish.code === 0 &&
    ['emergency_confirmed', 'emergency_implemented', 'retroactively_approved', 'reviewed', 'completed'].every(
      (event) => final.includes(event),
    )
  );
}

/**
 * A low-risk fix asking for a maintenance window that opens in half a minute: approved, merged and refused now;
 * `deployInWindow` (called after the emergency story, which fills the wait) waits for the window and deploys.
 */
export async function maintenanceWindowStory(
  { sim, token, line }: StoryContext,
  repo: string,
): Promise<{ refused: boolean; deployInWindow: () => Promise<boolean> }> {
  const dana = sim.as(SEED_PEOPLE.developer);
  // Far enough ahead that opening, approving and merging end before it, even on a slow machine.
  const slot = new Date(Math.ceil((Date.now() + 30_000) / 1000) * 1000).toISOString().replace('.000Z', 'Z');
  const pr = await dana.openPullRequest({
    repo,
    title: 'Rotate the session signing key',
    body: `A quiet-hour change.\n\n${block([
      'title: "Rotate the session signing key"',
      'change_type: bugfix',
      'priority: low',
      'affected_systems: [admin-ui]',
      'rollback_plan: "Restore the previous key"',
      'maintenance_window: true',
      `scheduled_time: "${slot}"`,
    ])}`,
    head: 'rotate-key',
    files: { 'src/session.ts': 'export const keyVersion = 2;\n' },
  });
  await dana.addLabels({ repo, number: pr.number, labels: ['change'] });
  await sim.settle();
  // Approvals stamped with the second the change was recorded in would not count (GitHub's whole seconds).
  await nextGitHubSecond();
  await sim
    .as(SEED_PEOPLE['change-manager'])
    .review({ repo, number: pr.number, event: 'APPROVE', body: 'Fine.' });
  await sim.settle();
  await dana.mergePullRequest({ repo, number: pr.number });
  await sim.settle();
  const main = sim.read.branchSha({ repo, branch: 'main' }) ?? '';
  line(
    'window',
    `#${pr.number} in ${repo} approved by carl and merged; it deploys only in its maintenance window, from ${slot}`,
  );

  const now = await runAction({
    apiUrl: sim.apiUrl,
    token,
    repository: repo,
    sha: main,
    inputs: { environment: 'production' },
  });
  line(
    'deploy gate',
    `deploy of #${pr.number} right away: ${now.code === 0 ? 'ALLOWED' : `refused (${now.outputs.status})${nextWindow(now.stdout)}`}`,
  );
  const deployInWindow = async (): Promise<boolean> => {
    const waited = await runAction({
      apiUrl: sim.apiUrl,
      token,
      repository: repo,
      sha: main,
      inputs: { environment: 'production', wait: 'true', interval: '2s', timeout: '2m' },
    });
    await sim.settle();
    line(
      'deploy gate',
      `#${pr.number} in ${repo} deployed with wait: ${waited.code === 0 ? `allowed in its maintenance window (deployment ${waited.outputs['deployment-id']})` : `REFUSED (${waited.outputs.status})`}`,
    );
    return waited.code === 0;
  };
  return { refused: now.code !== 0 && now.outputs.status === 'outside_window', deployInWindow };
}
