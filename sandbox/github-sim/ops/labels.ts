import { validationFailed } from '../http/http-error.ts';
import { serializeLabel } from '../serializers/label.ts';
import type { SimContext } from '../sim-context.ts';
import type { Issue, Label, Repo } from '../state/types.ts';
import type { Actor } from './actor.ts';
import { emitIssueEvent } from './emit-issue-event.ts';

export const createRepoLabel = (
  ctx: SimContext,
  options: { repo: Repo; name: string; color?: string; description?: string | null; actor: Actor },
): Label => {
  const name = options.name.trim();
  if (name === '') throw validationFailed({ resource: 'Label', field: 'name', code: 'missing_field' });
  if (options.repo.labels.has(name.toLowerCase())) {
    throw validationFailed({ resource: 'Label', field: 'name', code: 'already_exists' });
  }
  const color = (options.color ?? 'ededed').replace(/^#/, '');
  if (!/^[0-9a-fA-F]{6}$/.test(color)) throw validationFailed({ resource: 'Label', field: 'color' });
  const id = ctx.store.nextId();
  const label: Label = {
    id,
    nodeId: ctx.store.nodeId('Label', id),
    name,
    color: color.toLowerCase(),
    description: options.description ?? null,
    isDefault: false,
  };
  options.repo.labels.set(name.toLowerCase(), label);
  ctx.emit({
    event: 'label',
    action: 'created',
    repoId: options.repo.id,
    senderId: options.actor.accountId,
    viaAppId: options.actor.viaAppId,
    fields: { label: serializeLabel(ctx, options.repo, label) },
  });
  return label;
};

/** Adding a label by name creates it when missing, as GitHub does. */
const ensureLabel = (ctx: SimContext, options: { repo: Repo; name: string; actor: Actor }): Label =>
  options.repo.labels.get(options.name.toLowerCase()) ?? createRepoLabel(ctx, options);

const touch = (ctx: SimContext, issue: Issue): void => {
  issue.updatedAt = ctx.store.clock.iso();
};

export const addLabels = (
  ctx: SimContext,
  options: { repo: Repo; issue: Issue; names: string[]; actor: Actor },
): void => {
  for (const raw of options.names) {
    const label = ensureLabel(ctx, { repo: options.repo, name: raw, actor: options.actor });
    if (options.issue.labelNames.some((n) => n.toLowerCase() === label.name.toLowerCase())) continue;
    options.issue.labelNames.push(label.name);
    touch(ctx, options.issue);
    emitIssueEvent(ctx, {
      repo: options.repo,
      issue: options.issue,
      action: 'labeled',
      actor: options.actor,
      extra: { label: serializeLabel(ctx, options.repo, label) },
    });
  }
};

export const removeLabel = (
  ctx: SimContext,
  options: { repo: Repo; issue: Issue; name: string; actor: Actor },
): boolean => {
  const index = options.issue.labelNames.findIndex((n) => n.toLowerCase() === options.name.toLowerCase());
  if (index < 0) return false;
  const [name] = options.issue.labelNames.splice(index, 1);
  touch(ctx, options.issue);
  const label = options.repo.labels.get(String(name).toLowerCase());
  emitIssueEvent(ctx, {
    repo: options.repo,
    issue: options.issue,
    action: 'unlabeled',
    actor: options.actor,
    extra: label ? { label: serializeLabel(ctx, options.repo, label) } : {},
  });
  return true;
};

/** Replaces all labels: one `unlabeled` per removed label, one `labeled` per added one, as GitHub emits. */
export const setLabels = (
  ctx: SimContext,
  options: { repo: Repo; issue: Issue; names: string[]; actor: Actor },
) => {
  const wanted = new Set(options.names.map((n) => n.toLowerCase()));
  for (const name of [...options.issue.labelNames]) {
    if (!wanted.has(name.toLowerCase())) removeLabel(ctx, { ...options, name });
  }
  addLabels(ctx, options);
};
