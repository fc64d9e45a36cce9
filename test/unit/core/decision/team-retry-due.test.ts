import { describe, expect, it } from 'vitest';
import { loadHistoryKeys } from '../../../../src/app/history-keys.ts';
import type { ChangeFacts, CheckRunFact, CommentFact } from '../../../../src/core/decision/change-facts.ts';
import { changeIdOf } from '../../../../src/core/decision/change-id.ts';
import { dueMarker } from '../../../../src/core/decision/due-marker.ts';
import { evaluateChange } from '../../../../src/core/decision/evaluate-change.ts';
import { STATUS_COMMENT_MARKER } from '../../../../src/core/decision/status-comment-marker.ts';
import { TEAM_RETRY_MS, teamRetryDue } from '../../../../src/core/decision/team-retry-due.ts';
import { readHistory } from '../../../../src/core/history/read-history.ts';
import { loadPolicy } from '../../../../src/core/policy/load-policy.ts';
import { createMemoryGitHub } from '../../../support/memory-github.ts';
import { SEED_CONFIG, testPrivateKey } from '../../../support/reconcile-harness.ts';
import { AUTHOR, TEAMS, VARIANTS } from './rules-model.ts';

const NOW = new Date('2026-06-01T12:00:00.000Z');
const SOON = new Date(NOW.getTime() + TEAM_RETRY_MS).toISOString();
const APP = { id: 7, botLogin: 'change-gate[bot]' };
const HEAD = 'a'.repeat(40);

const ourRun = (summary: string, overrides: Partial<CheckRunFact> = {}): CheckRunFact => ({
  id: 1,
  appId: APP.id,
  appSlug: 'change-gate',
  name: 'Change Gate',
  headSha: HEAD,
  status: 'in_progress',
  conclusion: null,
  outputTitle: 'Pending approval',
  outputSummary: summary,
  startedAt: null,
  ...overrides,
});

const facts = (
  overrides: Partial<Pick<ChangeFacts, 'kind' | 'checkRuns' | 'comments' | 'ownerIsOrg'>> = {},
): Pick<ChangeFacts, 'kind' | 'headSha' | 'checkRuns' | 'comments' | 'ownerIsOrg'> => ({
  kind: 'pull_request',
  headSha: HEAD,
  checkRuns: [],
  comments: [],
  ownerIsOrg: true,
  ...overrides,
});

const due = (options: { facts?: ReturnType<typeof facts>; unreadableTeams?: string[] }): string | null =>
  teamRetryDue({
    facts: options.facts ?? facts(),
    approval: { unreadableTeams: options.unreadableTeams ?? ['change-manager'] },
    app: APP,
    checkName: 'Change Gate',
    now: NOW,
  });

describe('teamRetryDue: a team that could not be read makes the change due soon', () => {
  it('is due within TEAM_RETRY_MS when a team could not be read', () => {
    expect(due({})).toBe(SOON);
  });

  it('is not due when every team was read, or no approval was evaluated', () => {
    expect(due({ unreadableTeams: [] })).toBeNull();
    expect(
      teamRetryDue({ facts: facts(), approval: null, app: APP, checkName: 'Change Gate', now: NOW }),
    ).toBeNull();
  });

  it('is not due for a user account (it has no teams: nothing to retry)', () => {
    expect(due({ facts: facts({ ownerIsOrg: false }) })).toBeNull();
  });

  it('keeps the due time our run already shows when it is no later (a retry while GitHub fails writes nothing)', () => {
    const past = '2026-06-01T11:59:00.000Z';
    expect(due({ facts: facts({ checkRuns: [ourRun(dueMarker(past))] }) })).toBe(past);
    // A later one (an escalation hours away) is brought forward.
    const later = '2026-06-02T12:00:00.000Z';
    expect(due({ facts: facts({ checkRuns: [ourRun(dueMarker(later))] }) })).toBe(SOON);
  });

  it('reads only our own run on the head: another app, an old head or another name proves nothing', () => {
    const past = dueMarker('2026-06-01T11:00:00.000Z');
    for (const run of [
      ourRun(past, { appId: 8 }),
      ourRun(past, { headSha: 'b'.repeat(40) }),
      ourRun(past, { name: 'Other' }),
    ]) {
      expect(due({ facts: facts({ checkRuns: [run] }) })).toBe(SOON);
    }
  });

  it("reads an issue's due time from our status comment", () => {
    const past = '2026-06-01T11:59:00.000Z';
    const status: CommentFact = {
      id: 3,
      author: APP.botLogin,
      authorIsBot: true,
      body: `${STATUS_COMMENT_MARKER}\n### Change Gate: pending\n\n${dueMarker(past)}`,
      createdAt: '2026-06-01T10:00:00Z',
      updatedAt: '2026-06-01T10:00:00Z',
      edited: false,
    };
    expect(due({ facts: facts({ kind: 'issue', comments: [status] }) })).toBe(past);
    const forged = { ...status, author: 'mallory', authorIsBot: false };
    expect(due({ facts: facts({ kind: 'issue', comments: [forged] }) })).toBe(SOON);
  });
});

describe('evaluateChange with a team GitHub could not read', () => {
  const keys = loadHistoryKeys({ env: {}, appPrivateKey: testPrivateKey() });
  const policy = loadPolicy(SEED_CONFIG);

  const decide = async (teamMembers: Record<string, string[] | null>) => {
    const github = createMemoryGitHub({ config: SEED_CONFIG, teams: TEAMS, now: () => NOW });
    const pr = github.openPullRequest({ author: AUTHOR, body: VARIANTS.lowA.body, labels: ['change'] });
    const read = await github.port.readChange(github.ref(pr));
    const history = readHistory({
      comments: read.comments,
      botLogin: github.app.botLogin,
      verifiers: keys.verifiers,
      changeId: changeIdOf(read),
      repository: `${github.owner}/${github.repo}`,
      number: pr,
    });
    return evaluateChange({
      facts: { ...read, teamMembers },
      policy,
      history,
      app: github.app,
      actor: AUTHOR,
      now: NOW,
    });
  };

  it('fails closed (nobody of that team counts) and is due again within a minute, saying why', async () => {
    const unreadable = Object.fromEntries(Object.keys(TEAMS).map((team) => [team, null]));
    const decision = await decide(unreadable);
    expect(decision.status).toBe('pending_approval');
    expect(decision.check?.conclusion).not.toBe('success');
    expect(decision.approval?.unreadableTeams.length).toBeGreaterThan(0);
    expect(decision.nextDueAt).toBe(SOON);
    expect(`${decision.check?.summary}\n${decision.check?.text}`).toContain('are not counted yet');
  });

  it('with every team read, the change is due only when its escalation is', async () => {
    const decision = await decide(TEAMS);
    expect(decision.approval?.unreadableTeams).toEqual([]);
    expect(decision.nextDueAt).not.toBe(SOON);
  });
});
