import type { SimContext } from './sim-context.ts';
import type { Account, App, Repo } from './state/types.ts';

/** Every webhook event the simulator emits: the default subscription of a registered app. */
export const SIMULATED_EVENTS = [
  'check_run',
  'deployment',
  'deployment_protection_rule',
  'deployment_status',
  'issue_comment',
  'issues',
  'label',
  'pull_request',
  'pull_request_review',
  'push',
  'status',
] as const;

export interface SeededUser {
  id: number;
  login: string;
  /** Personal access token: acts as this user over REST and GraphQL. */
  token: string;
}

export interface SeededApp {
  id: number;
  slug: string;
  name: string;
  privateKeyPem: string;
  webhookSecret: string;
  botLogin: string;
}

export const newAccount = (
  ctx: SimContext,
  options: { login: string; type: Account['type']; name?: string; email?: string },
) => {
  const { store } = ctx;
  if (store.account(options.login))
    throw new Error(`github-sim: the login ${options.login} is already taken`);
  const id = store.nextId();
  const account: Account = {
    id,
    nodeId: store.nodeId(options.type === 'Organization' ? 'Organization' : options.type, id),
    login: options.login,
    type: options.type,
    name: options.name ?? null,
    email: options.email ?? null,
    createdAt: store.clock.iso(),
    siteAdmin: false,
  };
  store.accounts.set(id, account);
  store.accountsByLogin.set(options.login.toLowerCase(), account);
  return account;
};

export const need = <T>(value: T | undefined, what: string): T => {
  if (value === undefined) throw new Error(`github-sim: ${what} does not exist`);
  return value;
};

export const findRepo = (ctx: SimContext, fullName: string): Repo => {
  const [owner, name] = fullName.split('/');
  return need(ctx.store.repo(owner ?? '', name ?? ''), `repository ${fullName}`);
};

export const findAccount = (ctx: SimContext, login: string): Account =>
  need(ctx.store.account(login), `account ${login}`);

export const findApp = (ctx: SimContext, app: string | number): App =>
  need(
    [...ctx.store.apps.values()].find((a) => a.id === app || a.slug === app),
    `app ${app}`,
  );
