import { findChangeBlock } from '../core/change-request/find-change-block.ts';
import { renderChangeBlock } from '../core/change-request/render-change-block.ts';
import type { Decision } from '../core/decision/decision.ts';
import { STATUS_COMMENT_MARKER } from '../core/decision/evaluation-context.ts';
import { requestersOf } from '../core/decision/with-requester.ts';
import { repositoryBinding } from '../core/history/repository-binding.ts';
import { hasWriteAccess } from '../core/lifecycle/has-write-access.ts';
import { defuseMarkers, defuseMarkersDeep } from '../core/text/defuse-markers.ts';
import { mention } from '../core/text/escape-markdown.ts';
import type { ChangeIntakePort } from '../github/ports/change-intake-port.ts';
import type { ChangeRef, GitHubPort, RepoRef } from '../github/ports/github-port.ts';
import type { PermissionPort } from '../github/ports/permission-port.ts';
import { changeLockKey } from './change-lock-key.ts';
import { policyOfConfig } from './policy-of-config.ts';
import { readChangeHistory } from './read-change-history.ts';
import { reconcileChange } from './reconcile-change.ts';
import { recordEntry } from './record-entry.ts';
import type { UseCaseDeps } from './use-case-deps.ts';
import type { UseCaseLog } from './use-case-log.ts';

/** Why a change request was not filed, as a class a door maps (403, 404, 409). */
export type IntakeRefusal = {
  ok: false;
  reason: 'not_allowed' | 'not_found' | 'invalid_transition';
  rule: string;
  message: string;
};

export type CreateChangeResult =
  | { ok: true; ref: ChangeRef; url: string | null; decision: Decision }
  | IntakeRefusal;

/**
 * Files a change request for `requester` (the REST API's create), who needs write access:
 * 1. the form becomes a fenced `change_request:` block: a new issue, or appended to an open pull request that has
 *    no change block yet;
 * 2. under the change's lock, a signed `requested` entry records the requester (the issue's GitHub author is
 *    the app; the evaluation treats the requester as the author, who never approves, see withRequester), and
 *    only then the configuration's label is added, so no evaluation sees an API-filed issue without its requester;
 * 3. the change is reconciled as a webhook would: submitted, labels, status comment, and its decision returned.
 */
export const createChangeRequest = async (options: {
  deps: UseCaseDeps;
  port: GitHubPort;
  intake: ChangeIntakePort;
  permissions: PermissionPort;
  log: Pick<UseCaseLog, 'info'>;
  repo: RepoRef;
  requester: string;
  title: string;
  /** Text above the block (the form's description). */
  description: string;
  form: Record<string, unknown>;
  pullRequest?: number;
  /** The deployment environment the change names: OIDC tokens moving it must come from a job in it. */
  environment?: string;
}): Promise<CreateChangeResult> => {
  const { deps, port, repo, requester } = options;
  const permission = await options.permissions.repositoryPermission(repo, requester);
  if (!hasWriteAccess(permission)) {
    return {
      ok: false,
      reason: 'not_allowed',
      rule: 'write_access',
      message: `filing a change needs write access to ${repo.owner}/${repo.repo} (the permission of ${requester} is ${permission})`,
    };
  }
  const policy = policyOfConfig(await port.readConfig(repo));
  const label = policy.status === 'valid' ? policy.policy.label : 'change';
  // Caller text goes into GitHub under the app's name: no hidden `<!-- change-gate:… -->` marker survives.
  const block = renderChangeBlock(defuseMarkersDeep(options.form) as Record<string, unknown>);
  const app = await deps.identity();
  /** Under the change's lock: the signed `requested` entry, then the label. */
  const record = async (ref: ChangeRef, addLabel: boolean): Promise<void> => {
    const facts = await port.readChange(ref);
    await recordEntry({
      deps,
      port,
      ref,
      app,
      facts,
      now: deps.now(),
      draft: (changeId) => ({
        event: 'requested',
        change_id: changeId,
        actor: requester,
        head_sha: facts.headSha,
        block_hash: null,
        data: {
          ...repositoryBinding({ ...ref, repositoryId: facts.repositoryId }),
          number: ref.number,
          via: 'api',
          ...(options.environment ? { environment: options.environment } : {}),
        },
      }),
      statusComment:
        facts.kind === 'issue'
          ? `${STATUS_COMMENT_MARKER}\n### Change Gate: filed\n\nFiled through the REST API by ${mention(requester)}.`
          : null,
    });
    // The label makes it a change request: only now, after the requester is on record.
    if (addLabel) await options.intake.addLabels(ref, [label]);
  };
  let filed: { ok: true; ref: ChangeRef; url: string | null; label: boolean } | IntakeRefusal;
  if (options.pullRequest === undefined) {
    filed = await fileIssue({ ...options, block });
    if (filed.ok) {
      const { ref, label: addLabel } = filed;
      await deps.lock.run(changeLockKey(ref), () => record(ref, addLabel));
    }
  } else {
    // A pull request is filed once: checked, written and recorded under its lock, so two filings cannot race.
    const ref = { ...repo, number: options.pullRequest };
    filed = await deps.lock.run(changeLockKey(ref), async () => {
      const done = await filePullRequest({
        ...options,
        ref,
        label,
        block,
        filedBefore: async () => {
          const facts = await port.readChange(ref);
          const history = readChangeHistory({ deps, ref, facts, botLogin: app.botLogin });
          return requestersOf(history.entries);
        },
      });
      if (done.ok) await record(ref, done.label);
      return done;
    });
  }
  if (!filed.ok) return filed;
  const { ref } = filed;
  const decision = await reconcileChange({ deps, port, log: options.log, ref, actor: requester });
  options.log.info(`${ref.owner}/${ref.repo}#${ref.number}: filed through the REST API by @${requester}`);
  return { ok: true, ref, url: filed.url, decision };
};

const fileIssue = async (options: {
  intake: ChangeIntakePort;
  repo: RepoRef;
  title: string;
  description: string;
  block: string;
}): Promise<{ ok: true; ref: ChangeRef; url: string | null; label: boolean }> => {
  const { intake, repo, block } = options;
  const body = [defuseMarkers(options.description.trim()), block].filter(Boolean).join('\n\n');
  // Labelled only once the requester is recorded (see createChangeRequest), so no evaluation sees it first.
  const issue = await intake.createIssue(repo, { title: defuseMarkers(options.title), body, labels: [] });
  return { ok: true, ref: { ...repo, number: issue.number }, url: issue.url, label: true };
};

const filePullRequest = async (options: {
  intake: ChangeIntakePort;
  repo: RepoRef;
  ref: ChangeRef;
  label: string;
  block: string;
  /** Who filed this pull request through the API before (its signed `requested` entries). */
  filedBefore: () => Promise<string[]>;
}): Promise<{ ok: true; ref: ChangeRef; url: string | null; label: boolean } | IntakeRefusal> => {
  const { intake, repo, ref, label, block } = options;
  const pull = await intake.readPullRequest(ref);
  if (pull === null) {
    return {
      ok: false,
      reason: 'not_found',
      rule: 'pull_request_exists',
      message: `${repo.owner}/${repo.repo} has no pull request #${ref.number}`,
    };
  }
  if (pull.state !== 'open') {
    return {
      ok: false,
      reason: 'invalid_transition',
      rule: 'pull_request_open',
      message: `pull request #${ref.number} is closed: a change form is attached to an open pull request`,
    };
  }
  if (findChangeBlock(pull.body) !== null) {
    return {
      ok: false,
      reason: 'invalid_transition',
      rule: 'one_change_block',
      message: `pull request #${ref.number} already carries a change block: edit it there`,
    };
  }
  const before = await options.filedBefore();
  if (before.length > 0) {
    return {
      ok: false,
      reason: 'invalid_transition',
      rule: 'filed_once',
      message: `pull request #${ref.number} was already filed through the REST API (by ${before.join(', ')}): a change is filed once; edit its change block instead`,
    };
  }
  await intake.updatePullRequestBody(ref, `${pull.body.trimEnd()}\n\n${block}\n`.trimStart());
  const labelled = pull.labels.some((name) => name.toLowerCase() === label.toLowerCase());
  return { ok: true, ref, url: pull.url, label: !labelled };
};
