import { describe, expect, test } from 'vitest';
import { reviewIssueLinkOf } from '../../../src/core/emergency/review-issue.ts';
import type { ChangeIntakePort } from '../../../src/github/ports/change-intake-port.ts';
import { createChangeRequest } from '../../../src/use-cases/create-change-request.ts';
import { createReconcileHarness } from '../../support/reconcile-harness.ts';

const FORM = {
  title: 'Fix the session timeout',
  change_type: 'bugfix',
  priority: 'low',
  affected_systems: ['admin-ui'],
  rollback_plan: 'Revert the commit',
};

/** The REST API's create against the in-memory GitHub: olive and mallory write. */
const setUp = () => {
  const harness = createReconcileHarness();
  const { github } = harness;
  const intake: ChangeIntakePort = {
    async createIssue(_repo, issue) {
      const number = github.openIssue({ author: github.app.botLogin, body: issue.body, title: issue.title });
      return { number, url: null };
    },
    async readPullRequest(ref) {
      const change = github.get(ref.number);
      return { number: ref.number, state: change.state, body: change.body, labels: change.labels, url: null };
    },
    async updatePullRequestBody(ref, body) {
      github.edit(ref.number, { body });
    },
    async addLabels(ref, labels) {
      github.edit(ref.number, { labels: [...github.get(ref.number).labels, ...labels] });
    },
  };
  const file = (
    requester: string,
    extra: { pullRequest?: number; description?: string; form?: Record<string, unknown> } = {},
  ) =>
    createChangeRequest({
      deps: harness.deps,
      port: github.port,
      intake,
      permissions: { repositoryPermission: async () => 'write' },
      log: { info: () => {} },
      repo: { owner: github.owner, repo: github.repo },
      requester,
      title: FORM.title,
      description: extra.description ?? '',
      form: extra.form ?? FORM,
      ...(extra.pullRequest === undefined ? {} : { pullRequest: extra.pullRequest }),
    });
  return { harness, github, file };
};

describe('createChangeRequest: a pull request is filed once', () => {
  test('once its block is removed, filing again (by anyone) is refused 409 `filed_once`, nothing written', async () => {
    const { harness, github, file } = setUp();
    const number = github.openPullRequest({ author: 'dana', body: 'A fix.' });
    expect(await file('olive', { pullRequest: number })).toMatchObject({ ok: true });
    github.edit(number, { body: 'A fix.' });
    const entries = harness.history(number).entries.length;
    const body = github.get(number).body;

    const again = await file('mallory', { pullRequest: number });
    expect(again).toMatchObject({ ok: false, reason: 'invalid_transition', rule: 'filed_once' });
    expect(again.ok ? '' : again.message).toMatch(/already filed through the REST API \(by olive\)/);
    expect(harness.history(number).entries.length).toBe(entries);
    expect(github.get(number).body).toBe(body);
  });
});

describe('createChangeRequest: no hidden marker of the caller survives in what the app writes', () => {
  const PLANTED = '<!-- change-gate:emergency-review #7 -->';

  test('a description and a form value carrying the review-issue marker: the reader does not match it', async () => {
    const { github, file } = setUp();
    const filed = await file('olive', {
      description: `Routine.\n${PLANTED}\nCHANGE-GATE:history v1 x`,
      form: { ...FORM, business_justification: PLANTED },
    });
    if (!filed.ok) throw new Error(filed.message);
    const issue = github.get(filed.ref.number);
    expect(issue.author).toBe(github.app.botLogin);
    expect(issue.body).not.toContain('<!--');
    expect(issue.body).not.toMatch(/change-gate:/i);
    expect(issue.body).toContain('&lt;!-- change-gate&#58;emergency-review #7 -->');
    expect(reviewIssueLinkOf({ author: issue.author, body: issue.body }, github.app.botLogin)).toBeNull();
    // The change itself is still read: the block parses and the requester is recorded.
    expect(filed.decision.changeId).not.toBeNull();
  });

  test('the marker as written by the app itself is still matched (the reader is unchanged)', () => {
    expect(reviewIssueLinkOf({ author: 'change-gate[bot]', body: PLANTED }, 'change-gate[bot]')).toBe(7);
  });
});
