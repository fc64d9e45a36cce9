import type { SimContext } from '../sim-context.ts';
import type { Label, Repo } from '../state/types.ts';

const repoApi = (ctx: SimContext, repo: Repo) =>
  `${ctx.urls.api}/repos/${ctx.store.ownerOf(repo).login}/${repo.name}`;

/** REST `label`. */
export const serializeLabel = (ctx: SimContext, repo: Repo, label: Label) => ({
  id: label.id,
  node_id: label.nodeId,
  url: `${repoApi(ctx, repo)}/labels/${encodeURIComponent(label.name)}`,
  name: label.name,
  color: label.color,
  default: label.isDefault,
  description: label.description,
});

/** Labels of an issue or PR in the order they were applied, as REST lists them. */
export const serializeIssueLabels = (ctx: SimContext, repo: Repo, names: string[]) =>
  names.flatMap((name) => {
    const label = repo.labels.get(name.toLowerCase());
    return label ? [serializeLabel(ctx, repo, label)] : [];
  });

/** Pull requests spell a missing label description as "" (their schema has no null there). */
export const serializePullLabels = (ctx: SimContext, repo: Repo, names: string[]) =>
  serializeIssueLabels(ctx, repo, names).map((label) => ({ ...label, description: label.description ?? '' }));
