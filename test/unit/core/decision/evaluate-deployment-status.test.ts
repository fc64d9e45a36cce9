import { describe, expect, it } from 'vitest';
import type { ChangeFacts } from '../../../../src/core/decision/change-facts.ts';
import type { Decision } from '../../../../src/core/decision/decision.ts';
import {
  type DeploymentStatusEvent,
  evaluateDeploymentStatus,
} from '../../../../src/core/decision/evaluate-deployment-status.ts';
import { recordedState } from '../../../../src/core/decision/recorded-state.ts';
import { appendEntry } from '../../../../src/core/history/append-entry.ts';
import type { DraftEntry } from '../../../../src/core/history/draft-entry.ts';
import { entryHash } from '../../../../src/core/history/entry-hash.ts';
import type { VerifiedEntry } from '../../../../src/core/history/verified-entry.ts';
import { loadPolicy, type PolicyLoad } from '../../../../src/core/policy/load-policy.ts';

const HEAD = 'b'.repeat(40);
const DEPLOYED = 'd'.repeat(40);
const BLOCK = `sha256:${'1'.repeat(64)}`;

const facts = (overrides: Partial<ChangeFacts> = {}): ChangeFacts => ({
  kind: 'pull_request',
  owner: 'acme',
  repo: 'shop',
  number: 12,
  ownerIsOrg: true,
  title: 'MFA',
  body: '',
  author: 'dana',
  labels: ['change', 'change:approved'],
  state: 'closed',
  merged: true,
  draft: false,
  createdAt: '2026-06-01T10:00:00Z',
  headSha: HEAD,
  baseRef: 'main',
  changedFiles: [],
  checkRuns: [],
  statuses: [],
  reviews: [],
  comments: [],
  teamMembers: {},
  ...overrides,
});

/** History as the app writes it; signatures are not checked here, only what the entries say. */
const chain = (drafts: DraftEntry[], start: VerifiedEntry[] = []): VerifiedEntry[] => {
  const history = [...start];
  for (const draft of drafts) {
    const entry = appendEntry({ history, draft, at: '2026-07-01T12:00:00Z' });
    const signed = { entry, signature: 'c2lnbmF0dXJlLW5vdC1jaGVja2Vk', key_id: `sha256:${'0'.repeat(64)}` };
    history.push({ commentId: history.length + 1, entry, signed, hash: entryHash(signed) });
  }
  return history;
};

const lifecycle = (event: DraftEntry['event']): DraftEntry => ({
  event,
  change_id: 'CHG-2026-012',
  actor: 'erin',
  head_sha: HEAD,
  block_hash: BLOCK,
  data: {},
});
const APPROVED = chain([lifecycle('submitted'), lifecycle('approved')]);
/** An emergency change (its recorded level), approved. */
const EMERGENCY_APPROVED = chain([
  { ...lifecycle('submitted'), data: { level: 'emergency' } },
  lifecycle('approved'),
]);

const deploymentEvent = (
  overrides: {
    state?: string;
    description?: string | null;
    environment?: string;
    id?: number;
    statusId?: number;
    createdAt?: string;
  } = {},
): DeploymentStatusEvent => ({
  deployment: {
    id: overrides.id ?? 99,
    sha: DEPLOYED,
    environment: overrides.environment ?? 'production',
    createdAt: overrides.createdAt ?? '2026-07-01T12:00:00Z',
  },
  status: {
    id: overrides.statusId ?? 501,
    state: overrides.state ?? 'success',
    description: overrides.description === undefined ? 'Deployed. CHG-2026-012' : overrides.description,
    createdAt: '2026-07-01T12:42:30Z',
    logUrl: 'https://github.com/acme/shop/actions/runs/4242',
  },
});

const VALID: PolicyLoad = loadPolicy(null);

const evaluate = (
  options: {
    event?: DeploymentStatusEvent;
    history?: VerifiedEntry[];
    facts?: ChangeFacts;
    policy?: PolicyLoad;
    finding?: string | null;
  } = {},
): Decision =>
  evaluateDeploymentStatus({
    facts: options.facts ?? facts(),
    policy: options.policy ?? VALID,
    history: { entries: options.history ?? APPROVED, problems: [], chainIntact: true },
    app: { id: 1, botLogin: 'change-gate[bot]' },
    actor: 'github-actions[bot]',
    now: new Date('2026-07-01T12:43:00Z'),
    event: options.event ?? deploymentEvent(),
    finding: options.finding ?? null,
  });

/** The lifecycle entries a decision records (implementation-step ticks left out). */
const lifecycleOf = (decision: Decision) =>
  decision.history.filter((draft) => draft.event !== 'step_completed');

/** The history after applying a decision's entries, as the next event sees it. */
const applied = (decision: Decision, history: VerifiedEntry[] = APPROVED) => chain(decision.history, history);

describe('evaluateDeploymentStatus', () => {
  it.each([
    ['queued', null],
    ['pending', null],
    ['in_progress', 'Deploying CHG-2026-012'],
  ])(
    'a production %s status (%s) records implementing; the label and the steps comment wait for the deploy to end',
    (state, description) => {
      const decision = evaluate({ event: deploymentEvent({ state, description }) });
      expect(lifecycleOf(decision).map((draft) => draft.event)).toEqual(['implementing']);
      expect(decision.history.map((draft) => draft.data?.step ?? draft.event)).toEqual([
        'implementing',
        'deploy_to_production',
      ]);
      expect(decision.status).toBe('implementing');
      expect(decision.labels).toBeNull();
      expect(decision.stepsComment).toBeNull();
      expect(decision.check).toBeNull();
      // The deploy's end writes both: the label of its outcome, and the steps comment with both ticks.
      const ended = evaluate({ history: applied(decision), event: deploymentEvent({ statusId: 2 }) });
      expect(ended.labels).toEqual(['change', 'change:completed']);
      expect(ended.stepsComment?.body).toMatch(/- \[x\] Deploy to production — @change-gate\\\[bot\\\]/);
      expect(ended.stepsComment?.body).toMatch(/- \[x\] Monitor system health — @change-gate\\\[bot\\\]/);
    },
  );

  it('an emergency change deployed: change:implementing at once (the sweep follows closed ones by it)', () => {
    const decision = evaluate({
      history: EMERGENCY_APPROVED,
      facts: facts({ labels: ['change', 'change:approved', 'change:emergency'] }),
      event: deploymentEvent({ state: 'in_progress' }),
    });
    expect(lifecycleOf(decision).map((draft) => draft.event)).toEqual(['implementing']);
    expect(decision.labels).toEqual(['change', 'change:implementing', 'change:emergency']);
    expect(decision.stepsComment?.body).toMatch(/- \[x\] Deploy to production/);
  });

  it.each([
    ['its first status', APPROVED],
    ['a status recorded before', applied(evaluate({ event: deploymentEvent({ state: 'in_progress' }) }))],
  ])(
    'a hand-added change:emergency is no evidence (%s): not an emergency, the label left as it is',
    (_when, history) => {
      const decision = evaluate({
        history,
        facts: facts({ labels: ['change', 'change:approved', 'change:emergency'] }),
        event: deploymentEvent({ state: 'in_progress' }),
      });
      expect(decision.emergency).toBe(false);
      // As for any change that is not an emergency: the label and the steps comment wait for the deploy's end,
      // and no check is written that would carry the emergency marker the gate trusts.
      expect(decision.labels).toBeNull();
      expect(decision.stepsComment).toBeNull();
      expect(decision.check).toBeNull();
    },
  );

  it.each([
    ['success', 'Deployed.', 'completed', 'change:completed'],
    ['failure', 'Deploy failed.', 'failed', 'change:failed'],
    ['error', 'runner lost', 'failed', 'change:failed'],
    ['failure', 'Rolled back: CHG-2026-012', 'rolled_back', 'change:rolled-back'],
    ['error', 'rolled-back after smoke tests', 'rolled_back', 'change:rolled-back'],
  ])('a production %s status (%s) records %s and sets %s', (state, description, event, label) => {
    const decision = evaluate({ event: deploymentEvent({ state, description }) });
    expect(lifecycleOf(decision).map((draft) => draft.event)).toEqual([event]);
    expect(decision.status).toBe(event);
    expect(decision.labels).toEqual(['change', label]);
    expect(decision.check).toBeNull();
    expect(decision.history[0]).toMatchObject({
      change_id: 'CHG-2026-012',
      actor: 'github-actions[bot]',
      head_sha: HEAD,
      block_hash: BLOCK,
    });
  });

  it.each(['inactive', 'waiting', 'made_up'])('a %s status records nothing and writes nothing', (state) => {
    const decision = evaluate({ event: deploymentEvent({ state }) });
    expect(decision.history).toEqual([]);
    expect(decision.labels).toBeNull();
    expect(decision.status).toBe('approved');
  });

  it('records the environment, deployment, SHA and times, and how long the deploy took', () => {
    const [draft] = evaluate().history;
    expect(draft?.data).toEqual({
      repository: 'acme/shop',
      environment: 'production',
      production: true,
      deployment_id: 99,
      status_id: 501,
      state: 'success',
      description: 'Deployed. CHG-2026-012',
      sha: DEPLOYED,
      deployment_created_at: '2026-07-01T12:00:00Z',
      status_created_at: '2026-07-01T12:42:30Z',
      duration_seconds: 2550,
      log_url: 'https://github.com/acme/shop/actions/runs/4242',
      // The procedure's next review: review_after (default 30d) after the deployment finished.
      next_review: '2026-07-31',
    });
  });

  it('binds the entry to the repository id too when GitHub gave it (it survives a rename)', () => {
    const [draft] = evaluate({ facts: facts({ repositoryId: 4242 }) }).history;
    expect(draft?.data).toMatchObject({ repository: 'acme/shop', repository_id: 4242 });
  });

  it('gives a failure its description as the reason, and no duration while implementing', () => {
    const failed = evaluate({ event: deploymentEvent({ state: 'failure', description: 'Deploy failed.' }) });
    expect(failed.history[0]?.data).toMatchObject({ reason: 'Deploy failed.', duration_seconds: 2550 });
    const started = evaluate({ event: deploymentEvent({ state: 'in_progress' }) });
    expect(started.history[0]?.data).not.toHaveProperty('duration_seconds');
    expect(started.history[0]?.data).not.toHaveProperty('reason');
  });

  it('ticks the implementation steps a deployment proves, in the app name, once', () => {
    const ticks = (decision: Decision) =>
      decision.history
        .filter((draft) => draft.event === 'step_completed')
        .map((draft) => [draft.data?.step, draft.actor, draft.data?.evidence]);
    const started = evaluate({ event: deploymentEvent({ state: 'in_progress', statusId: 1 }) });
    expect(ticks(started)).toEqual([['deploy_to_production', 'change-gate[bot]', 'production_deployment']]);
    const finished = evaluate({ history: applied(started), event: deploymentEvent({ statusId: 2 }) });
    expect(ticks(finished)).toEqual([['monitor_system_health', 'change-gate[bot]', 'deploy_finished']]);
    const staging = evaluate({ event: deploymentEvent({ environment: 'staging' }) });
    expect(ticks(staging)).toEqual([['deploy_to_staging', 'change-gate[bot]', 'staging_deployment']]);
    expect(staging.stepsComment?.body).toMatch(
      /- \[x\] Deploy to staging environment — @change-gate\\\[bot\\\]/,
    );
    const failed = evaluate({ event: deploymentEvent({ environment: 'staging', state: 'failure' }) });
    expect(ticks(failed)).toEqual([]);
  });

  it('records a staging deployment without moving the status or the labels', () => {
    const decision = evaluate({ event: deploymentEvent({ environment: 'staging' }) });
    expect(lifecycleOf(decision).map((draft) => draft.event)).toEqual(['completed']);
    expect(decision.history[0]?.data).not.toHaveProperty('next_review');
    expect(decision.history[0]?.data).toMatchObject({ environment: 'staging', production: false });
    expect(decision.status).toBe('approved');
    expect(decision.labels).toBeNull();
    // What the change evaluation later reads back: still approved, not completed.
    expect(recordedState(applied(decision)).status).toBe('approved');
  });

  it('dates the next review review_after past the end of the production deploy', () => {
    const policy = loadPolicy({ change_management: { review_after: '90d' } });
    expect(evaluate({ policy }).history[0]?.data).toMatchObject({ next_review: '2026-09-29' });
    const failed = evaluate({ policy, event: deploymentEvent({ state: 'failure' }) });
    expect(failed.history[0]?.data).not.toHaveProperty('next_review');
  });

  it('reads production environments from the config, case-insensitively', () => {
    const policy = loadPolicy({ change_management: { production_environments: ['Live', 'prod-eu'] } });
    const live = evaluate({ policy, event: deploymentEvent({ environment: 'live' }) });
    expect(live.status).toBe('completed');
    const production = evaluate({ policy, event: deploymentEvent({ environment: 'production' }) });
    expect(production.status).toBe('approved');
    expect(production.history[0]?.data?.production).toBe(false);
  });

  it('records with the default production environments when the config cannot be read', () => {
    const policy = loadPolicy('change_management: [not, a, mapping]');
    expect(policy.status).toBe('invalid');
    const decision = evaluate({ policy });
    expect(decision.status).toBe('completed');
    expect(lifecycleOf(decision)).toHaveLength(1);
  });

  it('records a redelivered status once; its label again only where GitHub lacks it (the writes after the entry failed)', () => {
    const first = evaluate();
    const again = evaluate({ history: applied(first), facts: facts({ labels: first.labels ?? [] }) });
    expect(again.history).toEqual([]);
    expect(again.labels).toBeNull();
    expect(again.status).toBe('completed');
    // The entry written, the label not (the request after it failed): the retry writes the label alone.
    const retried = evaluate({ history: applied(first) });
    expect(retried.history).toEqual([]);
    expect(retried.labels).toEqual(['change', 'change:completed']);
  });

  it('records one implementing entry for queued then in_progress of the same deployment', () => {
    const queued = evaluate({ event: deploymentEvent({ state: 'queued', statusId: 1 }) });
    const inProgress = evaluate({
      history: applied(queued),
      event: deploymentEvent({ state: 'in_progress', statusId: 2 }),
    });
    expect(inProgress.history).toEqual([]);
  });

  it('drops a late implementing status that arrives after the deployment finished', () => {
    const completed = evaluate();
    const late = evaluate({ history: applied(completed), event: deploymentEvent({ state: 'in_progress' }) });
    expect(late.history).toEqual([]);
    expect(late.status).toBe('completed');
  });

  it('never moves a change back: the start of a deployment created before one that finished is dropped', () => {
    // Deployment 98 (the gate created it, lost GitHub's answer and refused; the rerun shipped 99) starts late.
    const orphan = { state: 'created', description: null, id: 98, statusId: 0 } as const;
    for (const [state, description] of [
      ['success', 'Deployed.'],
      ['failure', 'Deploy failed.'],
      ['failure', 'Rolled back: bad migration'],
    ] as const) {
      const ended = applied(evaluate({ event: deploymentEvent({ state, description }) }));
      const late = evaluate({
        history: ended,
        event: deploymentEvent({ ...orphan, createdAt: '2026-07-01T11:59:00Z' }),
      });
      expect(late.history, `after ${description}`).toEqual([]);
      expect(late.headline).toContain('overtaken by deployment 99');
      // Created in the same second: GitHub's ids only grow.
      expect(evaluate({ history: ended, event: deploymentEvent(orphan) }).history).toEqual([]);
    }
    const completed = applied(evaluate());
    // A deployment created after the finished one, or one to another environment, starts as usual.
    const after = deploymentEvent({ state: 'created', id: 97, createdAt: '2026-07-01T12:00:01Z' });
    expect(lifecycleOf(evaluate({ history: completed, event: after })).map((d) => d.event)).toEqual([
      'implementing',
    ]);
    const staging = deploymentEvent({ state: 'created', id: 98, environment: 'staging' });
    expect(lifecycleOf(evaluate({ history: completed, event: staging }))).toHaveLength(1);
    // A staging deployment's end does not make a production start late.
    const stagingEnded = applied(evaluate({ event: deploymentEvent({ environment: 'staging', id: 120 }) }));
    const production = deploymentEvent({ state: 'created', id: 98 });
    expect(lifecycleOf(evaluate({ history: stagingEnded, event: production }))).toHaveLength(1);
  });

  it('an orphan gate deployment (created, never a status) keeps the change implementing; the next deploy that ships it ends it', () => {
    // The gate approved deployment 98 and created it; its job never reported (the runner died, or the gate lost
    // GitHub's answer and refused). Nothing says whether anything shipped: the change stays implementing, and
    // only evidence ends it (README, "Gating deploys": a change never moves back to implementing).
    const orphan = evaluate({
      event: deploymentEvent({ state: 'created', id: 98, statusId: 0, description: null }),
    });
    expect(lifecycleOf(orphan).map((draft) => [draft.event, draft.data?.deployment_id])).toEqual([
      ['implementing', 98],
    ]);
    expect(orphan.status).toBe('implementing');
    // The next production deploy that ships the change (created after the orphan) starts and ends it.
    const started = evaluate({
      history: applied(orphan),
      event: deploymentEvent({
        state: 'created',
        id: 99,
        statusId: 0,
        description: null,
        createdAt: '2026-07-01T13:00:00Z',
      }),
    });
    const history = chain(started.history, applied(orphan));
    const ended = evaluate({
      history,
      event: deploymentEvent({ id: 99, createdAt: '2026-07-01T13:00:00Z' }),
    });
    expect(lifecycleOf(ended).map((draft) => [draft.event, draft.data?.deployment_id])).toEqual([
      ['completed', 99],
    ]);
    expect(ended.status).toBe('completed');
    // The orphan reporting late changes nothing: a change never moves back to implementing.
    const late = evaluate({
      history: chain(ended.history, history),
      event: deploymentEvent({
        state: 'in_progress',
        id: 98,
        statusId: 7,
        createdAt: '2026-07-01T12:00:00Z',
      }),
    });
    expect(late.history).toEqual([]);
    expect(late.status).toBe('completed');
  });

  it('records a failure after a success of the same deployment, and a new deployment after completion', () => {
    const completed = evaluate();
    const history = applied(completed);
    const rolledBack = evaluate({
      history,
      event: deploymentEvent({ state: 'failure', description: 'Rolled back: bad migration', statusId: 502 }),
    });
    expect(lifecycleOf(rolledBack).map((draft) => draft.event)).toEqual(['rolled_back']);
    expect(rolledBack.labels).toEqual(['change', 'change:rolled-back']);
    const redeploy = evaluate({ history, event: deploymentEvent({ state: 'in_progress', id: 100 }) });
    expect(lifecycleOf(redeploy).map((draft) => draft.event)).toEqual(['implementing']);
  });

  it('treats the same deployment id in another environment as another deployment', () => {
    const production = evaluate();
    const staging = evaluate({
      history: applied(production),
      event: deploymentEvent({ environment: 'staging' }),
    });
    expect(lifecycleOf(staging)).toHaveLength(1);
  });

  it('ignores a PR that is not a change request', () => {
    const decision = evaluate({ facts: facts({ labels: ['bug'] }), history: [] });
    expect(decision.changeId).toBeNull();
    expect(decision.history).toEqual([]);
    expect(decision.labels).toBeNull();
  });

  it('still records a change whose label was removed after it was submitted', () => {
    const decision = evaluate({ facts: facts({ labels: ['change:approved'] }) });
    expect(lifecycleOf(decision)).toHaveLength(1);
    expect(decision.labels).toEqual(['change:completed']);
  });

  it('keeps the emergency and overdue labels and the user labels, as the change evaluation left them', () => {
    const decision = evaluate({
      facts: facts({ labels: ['ui', 'change', 'change:approved', 'change:emergency', 'change:overdue'] }),
    });
    expect(decision.labels).toEqual([
      'ui',
      'change',
      'change:completed',
      'change:emergency',
      'change:overdue',
    ]);
    // Kept, never evidence: the history says it is not an emergency change.
    expect(decision.emergency).toBe(false);
    expect(evaluate({ history: EMERGENCY_APPROVED }).emergency).toBe(true);
  });

  it('keeps the status comment of an issue-based change in the form the change evaluation uses', () => {
    const decision = evaluate({ facts: facts({ kind: 'issue', headSha: null }) });
    expect(decision.statusComment).toBe(
      '<!-- change-gate:status -->\n### Change Gate: Completed\n\nCompleted.\n\nNext review: 2026-07-31.',
    );
    expect(
      evaluate({
        facts: facts({ kind: 'issue', headSha: null }),
        event: deploymentEvent({ environment: 'qa' }),
      }).statusComment,
    ).toBeNull();
  });

  it('produces entries that append: every field a reader checks is valid, hostile descriptions are clipped', () => {
    const description = `Rolled back: ${'x'.repeat(10_000)} <!-- change-gate:history v1 forged -->`;
    const decision = evaluate({ event: deploymentEvent({ state: 'failure', description }) });
    const [entry] = applied(decision).slice(-1);
    expect(entry?.entry.event).toBe('rolled_back');
    expect(String(entry?.entry.data.description).length).toBeLessThanOrEqual(2000);
  });

  it('records an ungated deployment as a finding: one entry per deployment, the label, the status untouched', () => {
    const pending = chain([lifecycle('submitted')]);
    const labels = ['change', 'change:pending-approval'];
    const reason = 'the gate did not approve it (pending: Pending approval)';
    const decision = evaluate({
      history: pending,
      facts: facts({ labels, merged: false, state: 'open' }),
      event: deploymentEvent({ state: 'in_progress' }),
      finding: reason,
    });
    expect(decision.status).toBe('pending_approval');
    expect(decision.labels).toEqual([...labels, 'change:deployed-unapproved']);
    expect(decision.history).toMatchObject([
      {
        event: 'ungated_deployment',
        actor: 'github-actions[bot]',
        data: { deployment_id: 99, environment: 'production', sha: DEPLOYED, state: 'in_progress', reason },
      },
    ]);
    // Nothing moves: recorded, it leaves the change where it was.
    const after = applied(decision, pending);
    expect(recordedState(after).status).toBe('pending_approval');
    // The same deployment's later statuses add nothing; another deployment is another finding.
    const again = evaluate({
      history: after,
      facts: facts({ labels: decision.labels!, merged: false, state: 'open' }),
      event: deploymentEvent({ state: 'success', statusId: 502 }),
      finding: reason,
    });
    expect(again.history).toEqual([]);
    expect(again.labels).toBeNull();
    expect(
      evaluate({ history: after, event: deploymentEvent({ id: 100 }), finding: reason }).history,
    ).toHaveLength(1);
    // Recorded, its label not written (the request after the entry failed): the retry writes the label alone,
    // which nothing else writes.
    const retried = evaluate({
      history: after,
      facts: facts({ labels, merged: false, state: 'open' }),
      event: deploymentEvent({ state: 'in_progress' }),
      finding: reason,
    });
    expect(retried.history).toEqual([]);
    expect(retried.labels).toEqual([...labels, 'change:deployed-unapproved']);
  });

  it('never records a finding for an inactive status, nor for a PR that is not a change request', () => {
    expect(evaluate({ event: deploymentEvent({ state: 'inactive' }), finding: 'x' }).history).toEqual([]);
    expect(evaluate({ history: [], facts: facts({ labels: [] }), finding: 'x' }).history).toEqual([]);
  });
});

describe('evaluateDeploymentStatus: an emergency change deployed before approval', () => {
  const submittedEmergency: DraftEntry = {
    ...lifecycle('submitted'),
    actor: 'dana',
    data: { level: 'emergency', required_roles: ['security-team-lead', 'engineering-manager'] },
  };
  const CONFIRMED = chain([submittedEmergency, { ...lifecycle('emergency_confirmed'), actor: 'lee' }]);
  const emergencyFacts = facts({ labels: ['change', 'change:pending-approval', 'change:emergency'] });
  const inProgress = deploymentEvent({ state: 'in_progress', description: null });

  it('records emergency_implemented (who confirmed, who deployed, the deadline) instead of implementing, and plans the review issue', () => {
    const event = { ...inProgress, deployment: { ...inProgress.deployment, creator: 'erin' } };
    const decision = evaluate({ history: CONFIRMED, facts: emergencyFacts, event });
    expect(lifecycleOf(decision)).toEqual([
      expect.objectContaining({
        event: 'emergency_implemented',
        data: expect.objectContaining({
          confirmed_by: 'lee',
          deployer: 'erin',
          deployment_id: 99,
          environment: 'production',
          // The default emergency level's approval_timeout (1h) after the deployment was created.
          deadline: '2026-07-01T13:00:00.000Z',
          finished: false,
        }),
      }),
    ]);
    expect(decision.status).toBe('implementing');
    expect(decision.reviewIssue?.body).toContain('- [ ] Identify root cause');
    expect(recordedState(applied(decision, CONFIRMED)).status).toBe('implementing');
  });

  it('records the successful finish as emergency_implemented (finished), not completed, while approval and review are owed; once only', () => {
    const implemented = applied(
      evaluate({ history: CONFIRMED, facts: emergencyFacts, event: inProgress }),
      CONFIRMED,
    );
    expect(evaluate({ history: implemented, facts: emergencyFacts, event: inProgress }).history).toEqual([]);
    const success = evaluate({ history: implemented, facts: emergencyFacts });
    expect(lifecycleOf(success)).toEqual([
      expect.objectContaining({
        event: 'emergency_implemented',
        data: expect.objectContaining({ finished: true }),
      }),
    ]);
    expect(success.status).toBe('implementing');
    // The finished production deployment proves its implementation step even while approval is owed.
    expect(
      success.history.filter((draft) => draft.event === 'step_completed').map((draft) => draft.data?.step),
    ).toEqual(['monitor_system_health']);
    expect(success.reviewIssue).toBeNull();
    expect(evaluate({ history: applied(success, implemented), facts: emergencyFacts }).history).toEqual([]);
  });

  it('records completed when the deploy succeeds after the retroactive approval and the review', () => {
    const implemented = applied(
      evaluate({ history: CONFIRMED, facts: emergencyFacts, event: inProgress }),
      CONFIRMED,
    );
    const settled = chain([lifecycle('retroactively_approved'), lifecycle('reviewed')], implemented);
    const success = evaluate({ history: settled, facts: emergencyFacts });
    expect(lifecycleOf(success).map((draft) => draft.event)).toEqual(['completed']);
    expect(success.status).toBe('completed');
  });

  it('opens no emergency loop for a deployment created before one whose finish is recorded', () => {
    const implemented = applied(
      evaluate({ history: CONFIRMED, facts: emergencyFacts, event: inProgress }),
      CONFIRMED,
    );
    const finished = applied(evaluate({ history: implemented, facts: emergencyFacts }), implemented);
    const orphan = deploymentEvent({ state: 'created', id: 98, createdAt: '2026-07-01T11:59:00Z' });
    const late = evaluate({ history: finished, facts: emergencyFacts, event: orphan });
    expect(late.history).toEqual([]);
    expect(late.reviewIssue ?? null).toBeNull();
    expect(late.status).toBe('implementing');
  });

  it('records a failed emergency deploy as failed', () => {
    const failed = evaluate({
      history: CONFIRMED,
      facts: emergencyFacts,
      event: deploymentEvent({ state: 'failure', description: 'Deploy failed.' }),
    });
    expect(failed.history.map((draft) => draft.event)).toEqual(['failed']);
  });

  it('opens the emergency loop at the next deploy when a first one failed before its start was recorded', () => {
    const failed = applied(
      evaluate({
        history: CONFIRMED,
        facts: emergencyFacts,
        event: deploymentEvent({ state: 'failure', description: 'Deploy failed.' }),
      }),
      CONFIRMED,
    );
    expect(recordedState(failed).status).toBe('failed');
    const retry = deploymentEvent({ state: 'in_progress', id: 100, createdAt: '2026-07-01T12:30:00Z' });
    const started = evaluate({ history: failed, facts: emergencyFacts, event: retry });
    expect(lifecycleOf(started).map((draft) => draft.event)).toEqual(['emergency_implemented']);
    expect(started.reviewIssue?.body).toContain('- [ ] Identify root cause');
    // Approved before it failed: the next deploy is a usual one.
    const approvedThenFailed = applied(
      evaluate({
        history: chain([lifecycle('approved')], CONFIRMED),
        facts: emergencyFacts,
        event: deploymentEvent({ state: 'failure', description: 'Deploy failed.' }),
      }),
      chain([lifecycle('approved')], CONFIRMED),
    );
    expect(
      lifecycleOf(evaluate({ history: approvedThenFailed, facts: emergencyFacts, event: retry })).map(
        (draft) => draft.event,
      ),
    ).toEqual(['implementing']);
    // An approval voided before the failed deploy does not count: the next deploy opens the loop.
    const voided = chain([lifecycle('approved'), lifecycle('approval_voided')], CONFIRMED);
    const voidedThenFailed = applied(
      evaluate({
        history: voided,
        facts: emergencyFacts,
        event: deploymentEvent({ state: 'failure', description: 'Deploy failed.' }),
      }),
      voided,
    );
    expect(
      lifecycleOf(evaluate({ history: voidedThenFailed, facts: emergencyFacts, event: retry })).map(
        (draft) => draft.event,
      ),
    ).toEqual(['emergency_implemented']);
  });

  it('leaves an approved emergency change and a non-production environment to the usual entries', () => {
    const approved = chain([lifecycle('approved')], CONFIRMED);
    const started = evaluate({ history: approved, event: inProgress });
    expect(lifecycleOf(started).map((d) => d.event)).toEqual(['implementing']);
    // An emergency change by its history (its label removed by hand): change:implementing at once all the same.
    expect(started.labels).toContain('change:implementing');
    const staging = deploymentEvent({ state: 'in_progress', environment: 'staging' });
    expect(lifecycleOf(evaluate({ history: CONFIRMED, event: staging })).map((d) => d.event)).toEqual([
      'implementing',
    ]);
  });
});
