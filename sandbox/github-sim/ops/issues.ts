import { notFound, validationFailed } from '../http/http-error.ts';
import type { SimContext } from '../sim-context.ts';
import type { Issue, Repo } from '../state/types.ts';
import type { Actor } from './actor.ts';
import { emitIssueEvent } from './emit-issue-event.ts';
import { addLabels } from './labels.ts';

/** GitHub's limit on issue and PR bodies (characters). */
export const MAX_BODY = 65_536;

export const checkBody = (body: unknown, resource: string): string | null => {
  if (body === undefined || body === null) return null;
  if (typeof body !== 'string') throw validationFailed({ resource, field: 'body' });
  if (body.length > MAX_BODY) {
    throw validationFailed({
      resource,
      field: 'body',
      code: 'custom',
      message: `body is too long (maximum is ${MAX_BODY} characters)`,
    });
  }
  return body;
};

export const findIssue = (repo: Repo, number: number): Issue => {
  const issue = repo.issues.get(number);
  if (!issue) throw notFound();
  return issue;
};

export const newIssue = (
  ctx: SimContext,
  options: { repo: Repo; title: string; body: string | null; actor: Actor },
): Issue => {
  const title = options.title.trim();
  if (title === '') throw validationFailed({ resource: 'Issue', field: 'title', code: 'missing_field' });
  const id = ctx.store.nextId();
  const now = ctx.store.clock.iso();
  const issue: Issue = {
    repoId: options.repo.id,
    number: options.repo.nextNumber++,
    id,
    nodeId: ctx.store.nodeId('Issue', id),
    title,
    body: options.body,
    state: 'open',
    stateReason: null,
    authorId: options.actor.accountId,
    labelNames: [],
    assigneeIds: [],
    locked: false,
    createdAt: now,
    updatedAt: now,
    closedAt: null,
    closedById: null,
    viaAppId: options.actor.viaAppId,
    pull: null,
  };
  options.repo.issues.set(issue.number, issue);
  return issue;
};

export const createIssue = (
  ctx: SimContext,
  options: { repo: Repo; title: string; body?: string | null; labels?: string[]; actor: Actor },
): Issue => {
  const issue = newIssue(ctx, { ...options, body: checkBody(options.body, 'Issue') });
  // GitHub applies the labels of a new issue before `opened` is sent, without separate `labeled` events.
  for (const name of options.labels ?? []) {
    const label = options.repo.labels.get(name.toLowerCase());
    if (label) issue.labelNames.push(label.name);
  }
  emitIssueEvent(ctx, { repo: options.repo, issue, action: 'opened', actor: options.actor });
  const missing = (options.labels ?? []).filter((n) => !options.repo.labels.has(n.toLowerCase()));
  if (missing.length > 0) addLabels(ctx, { repo: options.repo, issue, names: missing, actor: options.actor });
  return issue;
};

export interface IssueChanges {
  title?: string;
  body?: string | null;
  state?: 'open' | 'closed';
  stateReason?: 'completed' | 'not_planned' | 'reopened' | null;
}

/** Edits title/body (one `edited` event with `changes`) and state (`closed` / `reopened`). */
export const updateIssue = (
  ctx: SimContext,
  options: { repo: Repo; issue: Issue; changes: IssueChanges; actor: Actor },
): void => {
  const { repo, issue, changes, actor } = options;
  const edits: Record<string, { from: string | null }> = {};
  if (changes.title !== undefined && changes.title !== issue.title) {
    if (changes.title.trim() === '')
      throw validationFailed({ resource: 'Issue', field: 'title', code: 'missing_field' });
    edits.title = { from: issue.title };
    issue.title = changes.title;
  }
  if (changes.body !== undefined && changes.body !== issue.body) {
    edits.body = { from: issue.body };
    issue.body = checkBody(changes.body, 'Issue');
  }
  const now = ctx.store.clock.iso();
  if (Object.keys(edits).length > 0) {
    issue.updatedAt = now;
    emitIssueEvent(ctx, { repo, issue, action: 'edited', actor, extra: { changes: edits } });
  }
  if (changes.state && changes.state !== issue.state) {
    if (issue.pull?.merged)
      throw validationFailed({ resource: 'PullRequest', field: 'state', code: 'invalid' });
    issue.state = changes.state;
    issue.updatedAt = now;
    if (changes.state === 'closed') {
      issue.closedAt = now;
      issue.closedById = actor.accountId;
      issue.stateReason = issue.pull ? null : (changes.stateReason ?? 'completed');
    } else {
      issue.closedAt = null;
      issue.closedById = null;
      issue.stateReason = issue.pull ? null : 'reopened';
    }
    emitIssueEvent(ctx, { repo, issue, action: changes.state === 'closed' ? 'closed' : 'reopened', actor });
  }
};
