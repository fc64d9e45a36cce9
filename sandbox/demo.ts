// `npm run demo`: the whole product on a laptop, with no GitHub account. Starts the GitHub simulator and
// the real app (`npm start`), seeds the procedure's teams, and walks the procedure's example change
// ("Implement MFA for Admin Access", priority high) through every stage. Each line is read back from
// the simulated GitHub after the stage happened: nothing is printed that did not happen.
import { changeIdOf } from '../src/core/decision/change-id.ts';
import { createVerifier } from '../src/core/history/create-verifier.ts';
import { publicKeyFromPrivate } from '../src/core/history/public-key-from-private.ts';
import { readHistory } from '../src/core/history/read-history.ts';
import { monthReportStory } from './demo-report.ts';
import { emergencyStory, maintenanceWindowStory } from './demo-stories.ts';
import { actionsToken } from './harness/actions-token.ts';
import { GITHUB_PACING } from './harness/app-process-env.ts';
import { nextGitHubSecond } from './harness/next-github-second.ts';
import { runAction } from './harness/run-action.ts';
import { startSimulatorAndApp } from './harness/start-simulator-and-app.ts';
import {
  ADMIN_TOKEN,
  personalToken,
  SEED_PEOPLE,
  SEED_PR_BODY,
  SEED_ROLES,
  seedPeople,
  seedRepo,
  seedStatusLabels,
} from './seed-org.ts';

const ORG = 'acme';
const REPO = `${ORG}/identity`;
const ENVIRONMENT = 'production';
const started = Date.now();
const useColour = process.stdout.isTTY && !process.env.NO_COLOR;
const paint = (code: string, text: string): string => (useColour ? `\u001b[${code}m${text}\u001b[0m` : text);

let traceMark: (() => void) | null = null;
const line = (stage: string, text: string): void => {
  const at = `${((Date.now() - started) / 1000).toFixed(1)}s`.padStart(6);
  console.log(`${paint('2', at)}  ${paint('1', stage.padEnd(12))} ${text}`);
  traceMark?.();
};

console.log(
  paint('1', 'Change Gate demo') +
    ' — a simulated GitHub on loopback and the real app, started with `npm start`\n',
);

const e2e = await startSimulatorAndApp({
  org: ORG,
  logLevel: 'warn',
  // GitHub's pacing of writes, as on github.com (the tests run the simulator ten times faster).
  env: GITHUB_PACING,
  seed: (sim) => {
    seedPeople(sim, ORG);
    for (const name of ['identity', 'checkout', 'sessions']) seedRepo(sim, { org: ORG, name });
  },
});
const { sim } = e2e;
let exitCode = 0;
// DEMO_TRACE=1 lists the API calls of each stage: who called what, when, and how long it took.
if (process.env.DEMO_TRACE) {
  let mark = sim.mark();
  traceMark = () => {
    for (const request of sim.requestsSince(mark)) {
      const at = ((request.startedAt - started) / 1000).toFixed(2);
      console.log(
        paint(
          '2',
          `          ${at}s ${request.auth.padEnd(12)} ${request.method} ${request.template ?? request.path} ${request.status} ${request.durationMs.toFixed(0)}ms`,
        ),
      );
    }
    mark = sim.mark();
  };
}
try {
  const token = actionsToken(sim, ORG);
  await seedStatusLabels(sim, REPO);
  const teams = SEED_ROLES.map((role) => `${role} (${SEED_PEOPLE[role]})`).join(', ');
  line(
    'setup',
    `org ${ORG}, teams ${teams}; ${REPO} holds the procedure's config and the status labels; app at ${e2e.appUrl}`,
  );

  const gate = () =>
    sim.read
      .checkRuns({ repo: REPO, ref: pr.headSha })
      .filter((run) => run.name === 'Change Gate')
      .at(-1);
  const checkText = (): string => {
    const run = gate();
    return run ? `check ${run.conclusion ?? run.status}: "${run.output.title}"` : 'no check run';
  };
  const labelText = (): string =>
    sim.read
      .labels({ repo: REPO, number: pr.number })
      .filter((label) => label.startsWith('change:'))
      .join(', ');
  const historyEvents = (): string[] => {
    const comments = sim.read.comments({ repo: REPO, number: pr.number });
    return comments.flatMap((comment) => {
      if (comment.user?.login !== 'change-gate[bot]') return [];
      // One comment holds every entry an evaluation recorded, each in its own marker.
      return [...(comment.body ?? '').matchAll(/<!-- change-gate:history v1 (\S+) -->/g)].map(
        (match) =>
          JSON.parse(Buffer.from(match[1] ?? '', 'base64url').toString('utf8')).entry.event as string,
      );
    });
  };
  let seen = 0;
  const newHistory = (): string => {
    const events = historyEvents();
    const fresh = events.slice(seen);
    seen = events.length;
    return fresh.length > 0 ? `; history: ${fresh.join(', ')}` : '';
  };

  // 1. Intake: the developer opens the PR with the change block and labels it.
  const dana = sim.as(SEED_PEOPLE.developer);
  const pr = await dana.openPullRequest({
    repo: REPO,
    title: 'Implement MFA for Admin Access',
    body: SEED_PR_BODY,
    head: 'mfa-admin',
    files: { 'src/auth.ts': 'export const requireMfaForAdmins = true;\n' },
  });
  await dana.addLabels({ repo: REPO, number: pr.number, labels: ['change'] });
  await sim.settle();
  // Approvals stamped with the second the change was recorded in would not count (GitHub's whole seconds).
  await nextGitHubSecond();
  const changeId = gate()?.external_id ?? '?';
  line(
    'submitted',
    `dana opened #${pr.number} and labeled it change → ${changeId}, ${labelText()}${newHistory()}; ${checkText()}`,
  );

  // 2. A deploy of the unapproved change is refused by the gating action.
  const refused = await runAction({
    apiUrl: sim.apiUrl,
    token,
    repository: REPO,
    sha: pr.headSha,
    branch: 'mfa-admin',
    inputs: { environment: ENVIRONMENT },
  });
  line(
    'deploy gate',
    `deploy of #${pr.number}'s head to ${ENVIRONMENT}: ${refused.code === 0 ? 'ALLOWED' : `refused (${refused.outputs.status})`}`,
  );

  // 3. The author tries to approve her own change: it does not count.
  await dana.comment({ repo: REPO, number: pr.number, body: '/approve' });
  await sim.settle();
  const summary = (gate()?.output.summary ?? '').replace(/\\(.)/g, '$1').replaceAll('&#64;', '@');
  const ignored = summary.split('\n').find((text) => text.includes('dana') && /author/i.test(text));
  const verdict = ignored ? `not counted: ${ignored.replace(/^[-*\s]+/, '').trim()}` : 'COUNTED';
  line('refused', `dana commented /approve on her own change → ${verdict}; ${checkText()}`);

  // 4. Each required role approves with a review; the change manager through the REST API.
  for (const role of ['security-team', 'security-team-lead', 'engineering-manager'] as const) {
    const login = SEED_PEOPLE[role];
    await sim.as(login).review({ repo: REPO, number: pr.number, event: 'APPROVE', body: 'Reviewed.' });
    await sim.settle();
    line('approval', `${login} (${role}) approved → ${checkText()}; ${labelText()}${newHistory()}`);
  }
  const manager = SEED_PEOPLE['change-manager'];
  const response = await fetch(
    `${e2e.appUrl}/api/v1/change-management/change-requests/${changeId}/approve?repository=${REPO}`,
    {
      method: 'POST',
      headers: { authorization: `Bearer ${personalToken(manager)}`, 'content-type': 'application/json' },
      body: JSON.stringify({ approved: true, comments: 'Approved through the API' }),
    },
  );
  const answer = (await response.json()) as { status?: string; next_step?: string };
  await sim.settle();
  line(
    'approved',
    `${manager} (change-manager) approved with POST …/${changeId}/approve → ${response.status} ${answer.status}, next step ${answer.next_step}; ${checkText()}; ${labelText()}${newHistory()}`,
  );

  // 5. Merge, then deploy: the gate allows the approved change and records the deployment.
  await dana.mergePullRequest({ repo: REPO, number: pr.number });
  await sim.settle();
  const main = sim.read.branchSha({ repo: REPO, branch: 'main' }) ?? '';
  line('merged', `dana merged #${pr.number} into main (${main.slice(0, 7)})`);

  const allowed = await runAction({
    apiUrl: sim.apiUrl,
    token,
    repository: REPO,
    sha: main,
    inputs: { environment: ENVIRONMENT },
  });
  await sim.settle();
  line(
    'deploy gate',
    `deploy of main to ${ENVIRONMENT}: ${allowed.code === 0 ? `allowed, deployment ${allowed.outputs['deployment-id']} in progress` : `REFUSED (${allowed.outputs.status})`} → ${labelText()}${newHistory()}`,
  );

  const finished = await runAction({
    apiUrl: sim.apiUrl,
    token,
    repository: REPO,
    sha: main,
    inputs: { command: 'finish', result: 'success' },
    env: allowed.env,
  });
  await sim.settle();
  line(
    'completed',
    `deploy job finished (${finished.code === 0 ? 'success' : 'finish step failed'}) → ${labelText()}${newHistory()}`,
  );

  // 6. The audit trail, verified the way an auditor would: only the app's public key.
  const history = readHistory({
    comments: sim.read.comments({ repo: REPO, number: pr.number }).map((comment) => ({
      id: comment.id,
      author: comment.user?.login ?? 'ghost',
      authorIsBot: comment.user?.type === 'Bot',
      body: comment.body ?? '',
      createdAt: comment.created_at,
      updatedAt: comment.updated_at,
      edited: comment.created_at !== comment.updated_at,
    })),
    botLogin: 'change-gate[bot]',
    verifiers: [createVerifier(publicKeyFromPrivate(e2e.app.privateKeyPem))],
    changeId: changeIdOf({
      createdAt: sim.read.pullRequest({ repo: REPO, number: pr.number }).created_at,
      number: pr.number,
    }),
    repository: REPO,
    number: pr.number,
  });
  line(
    'audit',
    `${history.entries.length} signed entries (${history.entries.map((verified) => verified.entry.event).join(' → ')}), ` +
      `signatures verified with the public key, chain ${history.chainIntact ? 'intact' : 'BROKEN'}, ${history.problems.length} problems`,
  );

  // 7. The rest of the lifecycle: an emergency deployed first, a change that waits for its maintenance window.
  const story = { sim, token, line };
  for (const name of ['checkout', 'sessions']) await seedStatusLabels(sim, `${ORG}/${name}`);
  const window = await maintenanceWindowStory(story, `${ORG}/sessions`);
  const emergencyWent = await emergencyStory(story, `${ORG}/checkout`);
  const windowWent = window.refused && (await window.deployInWindow());

  // 8. The month's report, as the change manager reads it: the CLI with their own token and the public key.
  const reported = await monthReportStory(story, {
    org: ORG,
    repo: REPO,
    appPrivateKeyPem: e2e.app.privateKeyPem,
    userToken: ADMIN_TOKEN,
    now: new Date(),
  });

  const expected = ['submitted', 'approved', 'implementing', 'completed'];
  const events: string[] = history.entries.map((verified) => verified.entry.event);
  if (
    refused.code === 0 ||
    allowed.code !== 0 ||
    finished.code !== 0 ||
    !emergencyWent ||
    !windowWent ||
    !reported ||
    expected.some((event) => !events.includes(event))
  ) {
    exitCode = 1;
    console.error('\nThe demo did not go as the procedure says; see the lines above.');
  }
  sim.assertNoViolations();
  console.log(
    `\nDone in ${((Date.now() - started) / 1000).toFixed(1)}s. GitHub API fidelity: no OpenAPI violations.`,
  );
} catch (error) {
  exitCode = 1;
  console.error(error instanceof Error ? error.stack : error);
  console.error(`\n--- app output ---\n${e2e.process.logs()}`);
} finally {
  await e2e.stop();
}
process.exit(exitCode);
