import type { Actor } from './ops/actor.ts';
import { findCheckRun, rerequestCheckRun } from './ops/checks.ts';
import { createDeployment, createDeploymentStatus, findDeployment } from './ops/deployments.ts';
import { createStatus } from './ops/statuses.ts';
import { completeWorkflowRun, startWorkflowRun } from './ops/workflow-runs.ts';
import type { SimContext } from './sim-context.ts';
import type { Repo } from './state/types.ts';

/** What a person or a CI job does around checks, statuses and deployments (part of `UserActions`). */
export const createCiActions = (options: {
  act: <T>(work: (c: SimContext) => T) => Promise<T>;
  actor: () => Actor;
  repoOf: (c: SimContext, repo: string) => Repo;
}) => {
  const { act, actor, repoOf } = options;
  return {
    /** "Re-run" on a check run: `check_run.rerequested` to the app that owns it. */
    rerequestCheckRun: (o: { repo: string; checkRunId: number }) =>
      act((c) => {
        const repo = repoOf(c, o.repo);
        rerequestCheckRun(c, { repo, run: findCheckRun(c, repo, o.checkRunId), actor: actor() });
      }),

    createStatus: (o: {
      repo: string;
      sha: string;
      state: 'error' | 'failure' | 'pending' | 'success';
      context: string;
      description?: string;
    }) =>
      act((c) => ({
        id: createStatus(c, {
          repo: repoOf(c, o.repo),
          sha: o.sha,
          state: o.state,
          context: o.context,
          description: o.description,
          actor: actor(),
        }).id,
      })),

    createDeployment: (o: {
      repo: string;
      ref: string;
      environment?: string;
      task?: string;
      payload?: unknown;
      description?: string;
      requiredContexts?: string[];
    }) =>
      act((c) => {
        const deployment = createDeployment(c, {
          repo: repoOf(c, o.repo),
          input: {
            ref: o.ref,
            environment: o.environment,
            task: o.task,
            payload: o.payload,
            description: o.description,
            ...(o.requiredContexts ? { required_contexts: o.requiredContexts } : {}),
          },
          actor: actor(),
        });
        return { id: deployment.id, sha: deployment.sha };
      }),

    createDeploymentStatus: (o: {
      repo: string;
      deploymentId: number;
      state: 'error' | 'failure' | 'inactive' | 'in_progress' | 'queued' | 'pending' | 'success';
      description?: string;
    }) =>
      act((c) => {
        const repo = repoOf(c, o.repo);
        return {
          id: createDeploymentStatus(c, {
            repo,
            deployment: findDeployment(c, repo, o.deploymentId),
            state: o.state,
            description: o.description,
            actor: actor(),
          }).id,
        };
      }),

    /**
     * An Actions run whose job targets `environment`: creates the deployment and, when apps guard the
     * environment with custom protection rules, sends them `deployment_protection_rule.requested`.
     */
    startDeploymentWorkflow: (o: { repo: string; environment: string; ref: string; name?: string }) =>
      act((c) => {
        const run = startWorkflowRun(c, {
          repo: repoOf(c, o.repo),
          environment: o.environment,
          ref: o.ref,
          actor: actor(),
          ...(o.name ? { name: o.name } : {}),
        });
        return { runId: run.id, deploymentId: run.deploymentId, status: run.status };
      }),

    /** Finishes a run that passed its gates; the deployment gets `success` or `failure`. */
    completeWorkflowRun: (o: { repo: string; runId: number; conclusion: 'success' | 'failure' }) =>
      act((c) => {
        const repo = repoOf(c, o.repo);
        const run = c.store.workflowRuns.get(o.runId);
        if (!run || run.repoId !== repo.id)
          throw new Error(`github-sim: no workflow run ${o.runId} in ${o.repo}`);
        completeWorkflowRun(c, { repo, run, conclusion: o.conclusion });
      }),
  };
};
