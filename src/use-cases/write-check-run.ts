import type { CheckRunFact } from '../core/decision/change-facts.ts';
import type { CheckRunPlan } from '../core/decision/check-run-plan.ts';
import { sha256Hex } from '../core/text/sha256.ts';
import type { GitHubPort, RepoRef } from '../github/ports/github-port.ts';

/** The run a write left on GitHub, to bring it up to date again later in the same apply. */
export interface WrittenCheckRun {
  outcome: 'created' | 'updated' | 'unchanged';
  id: number;
}

/** A digest of everything in the plan, kept in the summary: comparing summaries compares whole outputs. */
export const withDigest = (plan: CheckRunPlan): CheckRunPlan => {
  const digest = sha256Hex(
    JSON.stringify([plan.status, plan.conclusion, plan.title, plan.summary, plan.text, plan.externalId]),
  ).slice(0, 16);
  return { ...plan, summary: `${plan.summary}\n\n<!-- change-gate:digest ${digest} -->` };
};

type OursRead = Pick<CheckRunFact, 'id' | 'status' | 'conclusion' | 'outputTitle' | 'outputSummary'>;

/** What showing `plan` (its digest in it) takes, given `ours`: a new run, our run updated, or nothing. */
export type CheckRunStep = { outcome: 'created' } | { outcome: 'updated' | 'unchanged'; id: number };

export const checkRunStep = (plan: CheckRunPlan, ours: OursRead | undefined): CheckRunStep => {
  if (!ours) return { outcome: 'created' };
  const same =
    ours.status === plan.status &&
    (ours.conclusion ?? null) === plan.conclusion &&
    ours.outputTitle === plan.title &&
    ours.outputSummary === plan.summary;
  if (same) return { outcome: 'unchanged', id: ours.id };
  // A completed run cannot be moved back to in progress; a new run on the same commit supersedes it.
  if (ours.status === 'completed' && plan.status !== 'completed') return { outcome: 'created' };
  return { outcome: 'updated', id: ours.id };
};

/**
 * Makes our run on the plan's commit show `plan`, writing only when it differs. `ours` is the latest run of
 * our app with that name on that commit, as read before the apply (undefined: none yet).
 */
export const writeCheckRun = async (options: {
  port: Pick<GitHubPort, 'createCheckRun' | 'updateCheckRun'>;
  repo: RepoRef;
  plan: CheckRunPlan;
  ours: OursRead | undefined;
  /** How an update of `ours` is sent, when not by `port.updateCheckRun` (with the labels after it, say). */
  update?: (id: number, plan: CheckRunPlan) => Promise<void>;
}): Promise<WrittenCheckRun> => {
  const { port, repo } = options;
  const plan = withDigest(options.plan);
  const step = checkRunStep(plan, options.ours);
  if (step.outcome === 'created')
    return { outcome: 'created', id: (await port.createCheckRun(repo, plan)).id };
  if (step.outcome === 'updated')
    await (options.update ? options.update(step.id, plan) : port.updateCheckRun(repo, step.id, plan));
  return step;
};
