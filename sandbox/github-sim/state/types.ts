import type { KeyObject } from 'node:crypto';

/** A user, an organisation or an app's bot account: GitHub keeps them in one namespace. */
export interface Account {
  id: number;
  nodeId: string;
  login: string;
  type: 'User' | 'Organization' | 'Bot';
  name: string | null;
  email: string | null;
  createdAt: string;
  siteAdmin: boolean;
}

export interface Team {
  id: number;
  nodeId: string;
  orgId: number;
  slug: string;
  name: string;
  description: string | null;
  privacy: 'closed' | 'secret';
  parentId: number | null;
  memberIds: Set<number>;
  maintainerIds: Set<number>;
  createdAt: string;
  updatedAt: string;
}

export interface Commit {
  sha: string;
  treeSha: string;
  parents: string[];
  message: string;
  authorId: number;
  date: string;
  /** Full snapshot of the tree: path → content. */
  files: Map<string, string>;
  /** Paths added, modified or removed relative to the first parent. */
  changed: Array<{ path: string; status: 'added' | 'modified' | 'removed' }>;
}

export interface Label {
  id: number;
  nodeId: string;
  name: string;
  color: string;
  description: string | null;
  isDefault: boolean;
}

export interface PullData {
  id: number;
  nodeId: string;
  headRef: string;
  baseRef: string;
  headSha: string;
  /** Base branch tip when the PR was opened: commits after it on the head branch belong to the PR. */
  baseSha: string;
  /** The PR's own commits, oldest first. */
  commits: string[];
  draft: boolean;
  merged: boolean;
  mergedAt: string | null;
  mergedById: number | null;
  mergeCommitSha: string | null;
  /** `HeadRefForcePushedEvent`s of the PR's timeline, oldest first. */
  forcePushes: ForcePush[];
}

/** A force-push to a PR's head branch, as the PR timeline records it. */
export interface ForcePush {
  id: number;
  nodeId: string;
  actorId: number;
  beforeSha: string;
  afterSha: string;
  createdAt: string;
}

/** Issues and pull requests share one number space per repository, as on GitHub. */
export interface Issue {
  repoId: number;
  number: number;
  id: number;
  nodeId: string;
  title: string;
  body: string | null;
  state: 'open' | 'closed';
  stateReason: 'completed' | 'not_planned' | 'reopened' | null;
  authorId: number;
  labelNames: string[];
  assigneeIds: number[];
  locked: boolean;
  createdAt: string;
  updatedAt: string;
  closedAt: string | null;
  closedById: number | null;
  viaAppId: number | null;
  pull: PullData | null;
}

export interface Reaction {
  id: number;
  nodeId: string;
  content: string;
  userId: number;
  createdAt: string;
}

export interface Comment {
  id: number;
  nodeId: string;
  repoId: number;
  issueNumber: number;
  body: string;
  authorId: number;
  createdAt: string;
  updatedAt: string;
  lastEditedAt: string | null;
  viaAppId: number | null;
  reactions: Reaction[];
}

export type ReviewState = 'APPROVED' | 'CHANGES_REQUESTED' | 'COMMENTED' | 'DISMISSED';

export interface Review {
  id: number;
  nodeId: string;
  repoId: number;
  pullNumber: number;
  authorId: number;
  state: ReviewState;
  body: string;
  commitSha: string;
  submittedAt: string;
}

export interface CheckSuite {
  id: number;
  nodeId: string;
  repoId: number;
  appId: number;
  headSha: string;
  headBranch: string | null;
  createdAt: string;
  updatedAt: string;
}

export type CheckStatus = 'queued' | 'in_progress' | 'completed' | 'waiting' | 'requested' | 'pending';

export interface CheckRun {
  id: number;
  nodeId: string;
  repoId: number;
  suiteId: number;
  appId: number;
  headSha: string;
  name: string;
  status: CheckStatus;
  conclusion: string | null;
  startedAt: string;
  completedAt: string | null;
  externalId: string;
  detailsUrl: string | null;
  output: { title: string | null; summary: string | null; text: string | null };
}

export interface CommitStatus {
  id: number;
  nodeId: string;
  repoId: number;
  sha: string;
  state: 'error' | 'failure' | 'pending' | 'success';
  context: string;
  description: string | null;
  targetUrl: string | null;
  creatorId: number;
  createdAt: string;
  updatedAt: string;
}

export interface Deployment {
  id: number;
  nodeId: string;
  repoId: number;
  sha: string;
  ref: string;
  task: string;
  environment: string;
  originalEnvironment: string;
  description: string | null;
  payload: unknown;
  creatorId: number;
  viaAppId: number | null;
  productionEnvironment: boolean;
  transientEnvironment: boolean;
  createdAt: string;
  updatedAt: string;
}

export type DeploymentState =
  | 'error'
  | 'failure'
  | 'inactive'
  | 'in_progress'
  | 'queued'
  | 'pending'
  | 'success';

export interface DeploymentStatus {
  id: number;
  nodeId: string;
  deploymentId: number;
  state: DeploymentState;
  description: string;
  environment: string;
  environmentUrl: string;
  logUrl: string;
  creatorId: number;
  viaAppId: number | null;
  createdAt: string;
  updatedAt: string;
}

export interface Environment {
  id: number;
  nodeId: string;
  repoId: number;
  name: string;
  /** Apps whose custom deployment protection rule guards this environment. */
  protectionRuleAppIds: number[];
  createdAt: string;
  updatedAt: string;
}

export interface ProtectionRuleRequest {
  appId: number;
  installationId: number;
  state: 'pending' | 'approved' | 'rejected';
  comment: string | null;
  respondedAt: string | null;
  /** Status reports (reviews with a comment and no state) the app posted while the run waited. */
  reports: string[];
}

/** An Actions workflow run whose job waits on a protected environment. */
export interface WorkflowRun {
  id: number;
  nodeId: string;
  repoId: number;
  name: string;
  headSha: string;
  headBranch: string;
  event: string;
  status: 'waiting' | 'in_progress' | 'completed';
  conclusion: 'success' | 'failure' | null;
  actorId: number;
  environment: string;
  deploymentId: number;
  protection: ProtectionRuleRequest[];
  createdAt: string;
  updatedAt: string;
}

export interface Repo {
  id: number;
  nodeId: string;
  ownerId: number;
  name: string;
  description: string | null;
  private: boolean;
  defaultBranch: string;
  createdAt: string;
  updatedAt: string;
  pushedAt: string;
  branches: Map<string, string>;
  commits: Map<string, Commit>;
  /** Keyed by lower-cased name: GitHub label names are case-insensitive. */
  labels: Map<string, Label>;
  nextNumber: number;
  issues: Map<number, Issue>;
  environments: Map<string, Environment>;
}

export type Permissions = Record<string, 'read' | 'write' | 'admin'>;

export interface App {
  id: number;
  nodeId: string;
  slug: string;
  name: string;
  clientId: string;
  ownerId: number;
  description: string | null;
  privateKeyPem: string;
  publicKey: KeyObject;
  webhookUrl: string | null;
  webhookSecret: string;
  permissions: Permissions;
  /** Webhook events the app subscribes to; `['*']` means all. */
  events: string[];
  botUserId: number;
  hookId: number;
  createdAt: string;
  updatedAt: string;
}

export interface Installation {
  id: number;
  appId: number;
  accountId: number;
  repositorySelection: 'all' | 'selected';
  repoIds: Set<number>;
  permissions: Permissions;
  events: string[];
  createdAt: string;
  updatedAt: string;
}

export type TokenGrant =
  | {
      kind: 'installation';
      installationId: number;
      /** Real wall-clock milliseconds: auth never follows the simulated clock. */
      expiresAtMs: number;
      permissions: Permissions;
      repoIds: Set<number> | null;
    }
  | { kind: 'user'; userId: number };
