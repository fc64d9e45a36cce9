import { createHash } from 'node:crypto';
import type { Clock } from './clock.ts';
import { CommentMap } from './comment-map.ts';
import type {
  Account,
  App,
  CheckRun,
  CheckSuite,
  CommitStatus,
  Deployment,
  DeploymentStatus,
  Installation,
  Repo,
  Review,
  Team,
  TokenGrant,
  WorkflowRun,
} from './types.ts';

/** All simulator state, in memory. Only `ops/` and the seeding API mutate it. */
export interface Store {
  clock: Clock;
  nextId(): number;
  /** GitHub's legacy global node id: base64 of `0<len>:<Type><id>`. */
  nodeId(type: string, id: number): string;
  /** A fresh 40-hex SHA derived from the seed and a counter (unique, stable per run). */
  sha(seed: string): string;
  accounts: Map<number, Account>;
  accountsByLogin: Map<string, Account>;
  orgMembers: Map<number, Set<number>>;
  teams: Map<number, Team>;
  repos: Map<number, Repo>;
  apps: Map<number, App>;
  installations: Map<number, Installation>;
  tokens: Map<string, TokenGrant>;
  comments: CommentMap;
  reviews: Map<number, Review>;
  checkSuites: Map<number, CheckSuite>;
  checkRuns: Map<number, CheckRun>;
  statuses: CommitStatus[];
  deployments: Map<number, Deployment>;
  deploymentStatuses: Map<number, DeploymentStatus>;
  workflowRuns: Map<number, WorkflowRun>;
  account(login: string): Account | undefined;
  repo(owner: string, name: string): Repo | undefined;
  ownerOf(repo: Repo): Account;
  accountById(id: number): Account;
  teamBySlug(orgId: number, slug: string): Team | undefined;
}

export const createStore = (clock: Clock): Store => {
  let counter = 1000;
  let shaCounter = 0;
  const accountsByLogin = new Map<string, Account>();
  const accounts = new Map<number, Account>();
  const repos = new Map<number, Repo>();
  const teams = new Map<number, Team>();
  const store: Store = {
    clock,
    nextId: () => ++counter,
    nodeId: (type, id) => Buffer.from(`0${type.length}:${type}${id}`).toString('base64'),
    sha: (seed) => createHash('sha1').update(`${seed}\0${++shaCounter}`).digest('hex'),
    accounts,
    accountsByLogin,
    orgMembers: new Map(),
    teams,
    repos,
    apps: new Map(),
    installations: new Map(),
    tokens: new Map(),
    comments: new CommentMap(),
    reviews: new Map(),
    checkSuites: new Map(),
    checkRuns: new Map(),
    statuses: [],
    deployments: new Map(),
    deploymentStatuses: new Map(),
    workflowRuns: new Map(),
    account: (login) => accountsByLogin.get(login.toLowerCase()),
    repo(owner, name) {
      const account = accountsByLogin.get(owner.toLowerCase());
      if (!account) return undefined;
      for (const repo of repos.values()) {
        if (repo.ownerId === account.id && repo.name.toLowerCase() === name.toLowerCase()) return repo;
      }
      return undefined;
    },
    ownerOf: (repo) => store.accountById(repo.ownerId),
    accountById(id) {
      const account = accounts.get(id);
      if (!account) throw new Error(`github-sim: no account with id ${id}`);
      return account;
    },
    teamBySlug(orgId, slug) {
      for (const team of teams.values()) {
        if (team.orgId === orgId && team.slug === slug.toLowerCase()) return team;
      }
      return undefined;
    },
  };
  return store;
};
