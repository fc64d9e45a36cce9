import type { ChangeBlock } from '../change-request/change.ts';
import { checkCompleteness } from '../change-request/check-completeness.ts';
import { parseChange } from '../change-request/parse-change.ts';
import { requiresChange } from '../policy/requires-change.ts';
import { codeSpan } from '../text/escape-markdown.ts';
import type { Problem } from '../validation/problem.ts';
import { CHANGE_STATUS_TEXT, type ChangeStatus } from './change-status.ts';
import type { CheckRunPlan } from './check-run-plan.ts';
import { type Decision, decisionWithoutWrites } from './decision.ts';
import { evaluateEmergencyFollowUp } from './evaluate-emergency-follow-up.ts';
import { evaluateMergedChange } from './evaluate-merged-change.ts';
import { evaluateValidChange } from './evaluate-valid-change.ts';
import {
  checkFor,
  closedReason,
  draft,
  type EvaluateChangeInput,
  type EvaluationContext,
  evaluationContext,
  finishDecision,
} from './evaluation-context.ts';
import { implementationBody } from './implementation-body.ts';
import { isClosedStatus, isImplementationStatus } from './recorded-state.ts';
import { renderCompleteness } from './render-change-summary.ts';
import { renderBlockProblems, renderHistoryProblems } from './render-problems.ts';
import { unreadFacts } from './unread-facts.ts';
import { withHistoryTamper } from './with-history-tamper.ts';
import { withSteps } from './with-steps.ts';

export type { EvaluateChangeInput } from './evaluation-context.ts';

/**
 * The one place that decides about a change request (DESIGN: one evaluation, many doors). Pure: from
 * the policy, the facts read from GitHub and the signed history, it derives where the change stands and
 * the writes (check run, labels, history entries, status comment) that make GitHub show it. Applying
 * the writes and evaluating again yields no further writes.
 */
export const evaluateChange = (input: EvaluateChangeInput): Decision => {
  if (input.policy.status === 'invalid') return configInvalid(input, input.policy.problems);
  const context = evaluationContext(input, input.policy.policy);
  if (!context.policy.enabled) return disabled(context);
  // Before anything else, and before reading the history for tampering: part of a thread proves nothing.
  const unread = unreadFacts(context);
  if (unread !== null) return { ...unread, head: context.head };
  return { ...withSteps(context, withHistoryTamper(context, decideChange(context))), head: context.head };
};

/** Where an enabled change stands, before a tampered history is taken into account. */
const decideChange = (context: EvaluationContext): Decision => {
  const { policy, facts } = context;
  const labeled = facts.labels.some((label) => label.toLowerCase() === policy.label.toLowerCase());
  // Once deployed or merged, the change record is final: later body edits do not reopen it, and removing the
  // label cancels nothing. A change merged before it was approved still waits for its approvals.
  if (isImplementationStatus(context.recorded.status))
    return evaluateEmergencyFollowUp(context) ?? frozen(context);
  if (facts.merged) return evaluateMergedChange(context) ?? frozen(context);
  if (!labeled) return notAChange(context);

  const parsed = parseChange(facts.body, { changeTypes: policy.change_types });
  if (parsed.status === 'missing') {
    return invalidChange(context, {
      block: null,
      problems: [],
      intro: `This ${noun(context)} carries the ${codeSpan(policy.label)} label but has no change block: add a fenced \`yaml\` block whose root key is \`change_request:\` (see the pull request template).`,
    });
  }
  if (parsed.status === 'invalid') {
    return invalidChange(context, {
      block: parsed.block,
      problems: parsed.problems,
      intro: 'The change block is not valid:',
    });
  }
  const completeness = checkCompleteness(policy, parsed.change);
  if (completeness.some((item) => !item.ok)) {
    return invalidChange(context, {
      block: parsed.change.block,
      problems: [],
      intro: `The change request is incomplete: the procedure's approval criteria are not met.\n\n${renderCompleteness(completeness)}`,
    });
  }
  return evaluateValidChange(context, { change: parsed.change, completeness, warnings: parsed.warnings });
};

const noun = (context: EvaluationContext): string =>
  context.facts.kind === 'pull_request' ? 'pull request' : 'issue';

const completed = (conclusion: 'success' | 'failure', title: string, summary: string, text = '') => ({
  status: 'completed' as const,
  conclusion,
  title,
  summary,
  text,
});

function configInvalid(input: EvaluateChangeInput, problems: readonly Problem[]): Decision {
  const { facts } = input;
  const summary = [
    'The change-management configuration (`.github/change-management.yml`, or the organisation `.github` repository) cannot be used, so no change can be approved until it is fixed:',
    '',
    renderBlockProblems({ problems, blockStartLine: null }),
  ].join('\n');
  const check: CheckRunPlan | null =
    facts.kind === 'pull_request' && facts.state === 'open' && facts.headSha
      ? {
          name: 'Change Gate',
          headSha: facts.headSha,
          externalId: '',
          ...completed('failure', 'Change Gate configuration is invalid', summary),
        }
      : null;
  return decisionWithoutWrites({
    changeId: null,
    status: null,
    emergency: false,
    headline: 'configuration invalid',
    check,
  });
}

function disabled(context: EvaluationContext): Decision {
  return finishDecision(context, {
    status: null,
    emergency: false,
    headline: 'change management disabled',
    check: checkFor(context, {
      externalId: '',
      ...completed(
        'success',
        'Change management is disabled',
        '`enabled: false` in the change-management configuration: nothing is required.',
      ),
    }),
    history: [],
    level: null,
    deadline: null,
    approval: null,
    body: '',
  });
}

/** A PR or issue without the change label: it passes unless the scope says it must be a change. */
function notAChange(context: EvaluationContext): Decision {
  const { facts, policy, recorded } = context;
  const wasActive = recorded.status !== null && !isClosedStatus(recorded.status);
  const history = wasActive
    ? [
        draft(context, {
          event: 'cancelled',
          data: { reason: `the ${policy.label} label was removed` },
          blockHash: recorded.blockHash ?? null,
        }),
      ]
    : [];
  const scope = requiresChange({
    scope: policy.scope,
    baseRef: facts.baseRef,
    changedFiles: facts.changedFiles,
  });
  const label = codeSpan(policy.label);
  const check = scope.required
    ? completed(
        'failure',
        'Change request required',
        `This pull request must be a change request because ${scope.reason}.\n\nTo fix it: add the ${label} label and a fenced \`yaml\` block with the \`change_request:\` form to the description (see the pull request template).`,
      )
    : completed(
        'success',
        'Not a change request',
        `This pull request has no ${label} label, and the configuration does not require one here.`,
      );
  const status = wasActive ? 'cancelled' : recorded.status;
  return finishDecision(context, {
    status,
    emergency: false,
    headline: scope.required ? 'change request required' : 'not a change request',
    check: checkFor(context, { externalId: status ? context.changeId : '', ...check }),
    history,
    level: null,
    deadline: null,
    approval: null,
    body: status ? `The ${label} label was removed: this is no longer a change request.` : '',
  });
}

/**
 * Merged or implemented: the record is final; labels follow the history (never the labels themselves: they
 * are outputs, and anyone who can triage can add `change:emergency`), the check is left alone.
 */
function frozen(context: EvaluationContext): Decision {
  const status = context.recorded.status ?? (context.facts.merged ? null : 'pending_approval');
  return finishDecision(context, {
    status,
    emergency: status !== null && context.recorded.emergency,
    headline: status ? CHANGE_STATUS_TEXT[status] : 'merged without a change record',
    check: null,
    history: [],
    level: null,
    deadline: null,
    approval: null,
    body: bodyOf(status, context),
  });
}

const bodyOf = (status: ChangeStatus | null, context: EvaluationContext): string => {
  if (status === null) return '';
  if (!isImplementationStatus(status)) return `${CHANGE_STATUS_TEXT[status]}.`;
  return implementationBody({ status, data: context.recorded.last?.entry.data });
};

function invalidChange(
  context: EvaluationContext,
  options: { block: ChangeBlock | null; problems: readonly Problem[]; intro: string },
): Decision {
  const { recorded } = context;
  const active = recorded.status !== null && !isClosedStatus(recorded.status);
  const hash = options.block?.hash ?? null;
  const history = [];
  if (context.closedUnmerged && active) {
    history.push(
      draft(context, { event: 'cancelled', data: { reason: closedReason(context) }, blockHash: hash }),
    );
  } else if (!context.closedUnmerged && active && recorded.blockHash !== hash) {
    history.push(
      draft(context, {
        event: 'invalidated',
        data: {
          from: recorded.blockHash ?? null,
          to: hash,
          valid: false,
          reason: 'the change block is no longer valid',
        },
        blockHash: hash,
      }),
    );
  }
  const status = context.closedUnmerged ? (active ? 'cancelled' : recorded.status) : 'invalid';
  const problems = renderBlockProblems({
    problems: options.problems,
    blockStartLine: options.block?.startLine ?? null,
  });
  const body = [options.intro, problems].filter(Boolean).join('\n\n');
  const title = `${CHANGE_STATUS_TEXT.invalid} — ${context.changeId}`;
  return finishDecision(context, {
    status,
    emergency: false,
    headline: title,
    check: checkFor(context, {
      externalId: context.changeId,
      ...completed(
        'failure',
        title,
        body,
        [
          'Fix the block in the description; the check re-runs on every edit.',
          renderHistoryProblems(context.input.history.problems),
        ]
          .filter(Boolean)
          .join('\n\n'),
      ),
    }),
    history,
    level: null,
    deadline: null,
    approval: null,
    body,
  });
}
