import type { SimContext } from '../sim-context.ts';
import type { Account } from '../state/types.ts';

/** `User`, `Bot` (login without `[bot]`, as GitHub's GraphQL spells it) or `Organization`. */
export const actorNode = (ctx: SimContext, account: Account) => {
  const common = {
    id: account.nodeId,
    databaseId: account.id,
    avatarUrl: () => `${ctx.urls.web}/avatars/u/${account.id}`,
    createdAt: account.createdAt,
    updatedAt: account.createdAt,
  };
  if (account.type === 'Bot') {
    const slug = account.login.replace(/\[bot\]$/, '');
    return {
      __typename: 'Bot',
      ...common,
      login: slug,
      url: `${ctx.urls.web}/apps/${slug}`,
      resourcePath: `/apps/${slug}`,
    };
  }
  return {
    __typename: account.type === 'Organization' ? 'Organization' : 'User',
    ...common,
    login: account.login,
    name: account.name,
    email: account.email ?? '',
    url: `${ctx.urls.web}/${account.login}`,
    resourcePath: `/${account.login}`,
  };
};

export const actorNodeById = (ctx: SimContext, id: number) => actorNode(ctx, ctx.store.accountById(id));
