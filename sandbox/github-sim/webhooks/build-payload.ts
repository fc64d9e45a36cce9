import { serializeRepository } from '../serializers/repository.ts';
import { serializeOrgSimple, serializeUser } from '../serializers/user.ts';
import type { SimContext, WebhookEvent } from '../sim-context.ts';
import type { Installation, Repo } from '../state/types.ts';
import { findWebhookExample } from './webhook-examples.ts';

/** Webhooks carry the organisation at the top level; their `repository` has no `organization` object. */
const webhookRepository = (ctx: SimContext, repo: Repo) => {
  const { organization: _organization, ...repository } = serializeRepository(ctx, repo);
  return repository;
};

/**
 * A payload in GitHub's shape: the example of `@octokit/webhooks-examples` decides which top-level
 * keys the event carries and in which order; every value comes from simulator state. Example keys the
 * simulator has no value for are dropped rather than filled with someone else's data.
 */
export const buildWebhookPayload = (
  ctx: SimContext,
  options: { event: WebhookEvent; installation: Installation },
): Record<string, unknown> => {
  const { event, installation } = options;
  const repo = event.repoId === null ? undefined : ctx.store.repos.get(event.repoId);
  const ownerId = repo?.ownerId ?? event.orgId;
  const owner = ownerId === undefined ? undefined : ctx.store.accountById(ownerId);
  const values: Record<string, unknown> = {
    ...(event.action === undefined ? {} : { action: event.action }),
    ...event.fields,
    ...(repo ? { repository: webhookRepository(ctx, repo) } : {}),
    ...(owner?.type === 'Organization' ? { organization: serializeOrgSimple(ctx, owner) } : {}),
    sender: serializeUser(ctx, ctx.store.accountById(event.senderId)),
    installation: {
      id: installation.id,
      node_id: ctx.store.nodeId('IntegrationInstallation', installation.id),
    },
  };
  const example = findWebhookExample({
    event: event.event,
    ...(event.action ? { action: event.action } : {}),
  });
  const payload: Record<string, unknown> = {};
  for (const key of Object.keys(example ?? {})) if (key in values) payload[key] = values[key];
  for (const [key, value] of Object.entries(values)) if (!(key in payload)) payload[key] = value;
  return payload;
};
