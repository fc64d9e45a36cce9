import { HttpError, notFound, validationFailed } from '../http/http-error.ts';
import { serializeCheckRun, serializeCheckSuite } from '../serializers/check-run.ts';
import type { SimContext } from '../sim-context.ts';
import type { CheckRun, CheckStatus, CheckSuite, Repo } from '../state/types.ts';
import type { Actor } from './actor.ts';

const OUTPUT_LIMIT = 65_535;
const CONCLUSIONS = [
  'action_required',
  'cancelled',
  'failure',
  'neutral',
  'success',
  'skipped',
  'stale',
  'timed_out',
];
const STATUSES: CheckStatus[] = ['queued', 'in_progress', 'completed'];

export interface CheckRunInput {
  name?: unknown;
  head_sha?: unknown;
  status?: unknown;
  conclusion?: unknown;
  started_at?: unknown;
  completed_at?: unknown;
  external_id?: unknown;
  details_url?: unknown;
  output?: unknown;
}

const suiteFor = (ctx: SimContext, options: { repo: Repo; sha: string; appId: number }): CheckSuite => {
  for (const suite of ctx.store.checkSuites.values()) {
    if (suite.repoId === options.repo.id && suite.headSha === options.sha && suite.appId === options.appId)
      return suite;
  }
  const id = ctx.store.nextId();
  const now = ctx.store.clock.iso();
  const branch = [...options.repo.branches].find(([, sha]) => sha === options.sha)?.[0] ?? null;
  const suite: CheckSuite = {
    id,
    nodeId: ctx.store.nodeId('CheckSuite', id),
    repoId: options.repo.id,
    appId: options.appId,
    headSha: options.sha,
    headBranch: branch,
    createdAt: now,
    updatedAt: now,
  };
  ctx.store.checkSuites.set(id, suite);
  return suite;
};

const emitCheckRun = (
  ctx: SimContext,
  options: { repo: Repo; run: CheckRun; action: string; actor: Actor; onlyAppIds?: number[] },
) => {
  const suite = ctx.store.checkSuites.get(options.run.suiteId) as CheckSuite;
  ctx.emit({
    event: 'check_run',
    action: options.action,
    repoId: options.repo.id,
    senderId: options.actor.accountId,
    viaAppId: options.actor.viaAppId,
    ...(options.onlyAppIds ? { onlyAppIds: options.onlyAppIds } : {}),
    fields: {
      check_run: {
        ...serializeCheckRun(ctx, options.repo, options.run),
        check_suite: serializeCheckSuite(ctx, options.repo, suite),
      },
    },
  });
};

const textField = (value: unknown, field: string): string | null => {
  if (value === undefined || value === null) return null;
  if (typeof value !== 'string') throw validationFailed({ resource: 'CheckRun', field });
  if (value.length > OUTPUT_LIMIT) {
    throw validationFailed({
      resource: 'CheckRun',
      field,
      code: 'custom',
      message: `Only ${OUTPUT_LIMIT} characters are allowed; ${value.length} were supplied.`,
    });
  }
  return value;
};

const applyInput = (ctx: SimContext, run: CheckRun, input: CheckRunInput): void => {
  if (input.name !== undefined) {
    if (typeof input.name !== 'string' || input.name.trim() === '')
      throw validationFailed({ resource: 'CheckRun', field: 'name' });
    run.name = input.name;
  }
  if (input.external_id !== undefined) run.externalId = String(input.external_id ?? '');
  if (input.details_url !== undefined)
    run.detailsUrl = input.details_url === null ? null : String(input.details_url);
  if (input.started_at !== undefined && typeof input.started_at === 'string')
    run.startedAt = input.started_at;
  if (input.output !== undefined && input.output !== null) {
    const output = input.output as Record<string, unknown>;
    run.output = {
      title: textField(output.title, 'output.title'),
      summary: textField(output.summary, 'output.summary'),
      text: textField(output.text, 'output.text'),
    };
  }
  if (input.conclusion !== undefined && input.conclusion !== null) {
    if (typeof input.conclusion !== 'string' || !CONCLUSIONS.includes(input.conclusion)) {
      throw validationFailed({ resource: 'CheckRun', field: 'conclusion' });
    }
    run.conclusion = input.conclusion;
    run.status = 'completed';
  }
  if (input.status !== undefined) {
    if (!STATUSES.includes(input.status as CheckStatus))
      throw validationFailed({ resource: 'CheckRun', field: 'status' });
    run.status = input.status as CheckStatus;
    if (run.status !== 'completed') run.conclusion = null;
  }
  if (run.status === 'completed') {
    if (run.conclusion === null) {
      throw validationFailed({
        resource: 'CheckRun',
        field: 'conclusion',
        code: 'missing_field',
        message: 'Conclusion is required when status is completed',
      });
    }
    run.completedAt =
      typeof input.completed_at === 'string'
        ? input.completed_at
        : (run.completedAt ?? ctx.store.clock.iso());
  } else {
    run.completedAt = null;
  }
};

/** Check runs can only be created by GitHub Apps, and the run remembers which app it belongs to. */
export const createCheckRun = (
  ctx: SimContext,
  options: { repo: Repo; input: CheckRunInput; actor: Actor },
): CheckRun => {
  const { repo, input, actor } = options;
  if (actor.viaAppId === null)
    throw new HttpError({ status: 403, message: 'You must authenticate via a GitHub App.' });
  if (typeof input.head_sha !== 'string' || !repo.commits.has(input.head_sha)) {
    throw validationFailed({
      resource: 'CheckRun',
      field: 'head_sha',
      code: 'invalid',
      message: `No commit found for SHA: ${String(input.head_sha)}`,
    });
  }
  if (typeof input.name !== 'string' || input.name.trim() === '') {
    throw validationFailed({ resource: 'CheckRun', field: 'name', code: 'missing_field' });
  }
  const suite = suiteFor(ctx, { repo, sha: input.head_sha, appId: actor.viaAppId });
  const id = ctx.store.nextId();
  const run: CheckRun = {
    id,
    nodeId: ctx.store.nodeId('CheckRun', id),
    repoId: repo.id,
    suiteId: suite.id,
    appId: actor.viaAppId,
    headSha: input.head_sha,
    name: input.name,
    status: 'queued',
    conclusion: null,
    startedAt: ctx.store.clock.iso(),
    completedAt: null,
    externalId: '',
    detailsUrl: null,
    output: { title: null, summary: null, text: null },
  };
  applyInput(ctx, run, input);
  ctx.store.checkRuns.set(id, run);
  suite.updatedAt = ctx.store.clock.iso();
  emitCheckRun(ctx, { repo, run, action: 'created', actor });
  if (run.status === 'completed') emitCheckRun(ctx, { repo, run, action: 'completed', actor });
  return run;
};

export const findCheckRun = (ctx: SimContext, repo: Repo, id: number): CheckRun => {
  const run = ctx.store.checkRuns.get(id);
  if (!run || run.repoId !== repo.id) throw notFound();
  return run;
};

export const updateCheckRun = (
  ctx: SimContext,
  options: { repo: Repo; run: CheckRun; input: CheckRunInput; actor: Actor },
): CheckRun => {
  const { run, actor } = options;
  if (actor.viaAppId === null)
    throw new HttpError({ status: 403, message: 'You must authenticate via a GitHub App.' });
  if (actor.viaAppId !== run.appId) {
    throw new HttpError({
      status: 403,
      message: `Invalid app_id \`${actor.viaAppId}\` - check run can only be modified by the GitHub App that created it.`,
    });
  }
  const wasCompleted = run.status === 'completed';
  applyInput(ctx, run, options.input);
  if (!wasCompleted && run.status === 'completed')
    emitCheckRun(ctx, { repo: options.repo, run, action: 'completed', actor });
  return run;
};

/** "Re-run" in the UI: `check_run.rerequested`, delivered only to the app that created the run. */
export const rerequestCheckRun = (ctx: SimContext, options: { repo: Repo; run: CheckRun; actor: Actor }) => {
  emitCheckRun(ctx, { ...options, action: 'rerequested', onlyAppIds: [options.run.appId] });
};
