import type { CheckRunFact } from '../../core/decision/change-facts.ts';
import type { DeployCheckRun } from '../../core/deploy/deploy-input.ts';
import type { DeploymentSummary, PullRequestOfCommit } from '../ports/deploy-port.ts';

/** The REST shapes the deploy port reads, and how each becomes the port's own type. */
export interface RestDeployment {
  id: number;
  sha: string;
  environment: string;
  created_at: string;
  payload: unknown;
}

export function toDeployment(data: RestDeployment): DeploymentSummary {
  return {
    id: data.id,
    sha: data.sha,
    environment: data.environment,
    createdAt: data.created_at,
    payload: data.payload,
  };
}

export interface RestPullRequest {
  number: number;
  title: string;
  body?: string | null;
  state: string;
  merged_at?: string | null;
  merge_commit_sha?: string | null;
  head: { sha: string };
  base: { ref: string };
  labels?: Array<string | { name?: string }>;
}

export function toPullRequest(pr: RestPullRequest): PullRequestOfCommit {
  return {
    number: pr.number,
    title: pr.title,
    body: pr.body ?? null,
    state: pr.state,
    mergedAt: pr.merged_at ?? null,
    mergeCommitSha: pr.merged_at ? (pr.merge_commit_sha ?? null) : null,
    headSha: pr.head.sha,
    baseRef: pr.base.ref,
    labels: (pr.labels ?? []).map((label) => (typeof label === 'string' ? label : (label.name ?? ''))),
  };
}

export interface RestCheckRun {
  id: number;
  name: string;
  head_sha: string;
  status: string;
  conclusion: string | null;
  started_at: string | null;
  external_id: string | null;
  html_url: string | null;
  output?: { title: string | null; summary: string | null };
  app: { id: number; slug?: string } | null;
}

export function toCheckRun(run: RestCheckRun): DeployCheckRun {
  return {
    id: run.id,
    name: run.name,
    headSha: run.head_sha,
    status: run.status as CheckRunFact['status'],
    conclusion: run.conclusion,
    appId: run.app?.id ?? null,
    appSlug: run.app?.slug ?? null,
    outputTitle: run.output?.title ?? null,
    outputSummary: run.output?.summary ?? null,
    startedAt: run.started_at,
    externalId: run.external_id,
    htmlUrl: run.html_url,
  };
}
