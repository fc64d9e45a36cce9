import type { ChangeFacts } from '../../core/decision/change-facts.ts';
import type { Decision } from '../../core/decision/decision.ts';
import { recordedState } from '../../core/decision/recorded-state.ts';
import { requesterOf } from '../../core/decision/with-requester.ts';
import type { VerifiedEntry } from '../../core/history/verified-entry.ts';
import type { ChangeResponse } from '../openapi/api-types.ts';

const textOr = (value: unknown): string | null => (typeof value === 'string' ? value : null);

/** One change as the API shows it: the evaluation's status and approvals, the recorded form details. */
export const changeView = (options: {
  facts: Pick<ChangeFacts, 'owner' | 'repo' | 'number' | 'kind' | 'title' | 'url' | 'author'>;
  decision: Decision;
  entries: readonly VerifiedEntry[];
}): ChangeResponse => {
  const { facts, decision, entries } = options;
  const submitted = recordedState(entries).submitted?.entry.data ?? {};
  const roles = decision.approval?.roles ?? [];
  return {
    change_request_id: decision.changeId ?? '',
    repository: `${facts.owner}/${facts.repo}`,
    number: facts.number,
    kind: facts.kind,
    title: facts.title,
    url: facts.url ?? null,
    status: decision.status ?? 'invalid',
    emergency: decision.emergency,
    priority: textOr(submitted.priority),
    change_type: textOr(submitted.change_type),
    requester: requesterOf(entries) ?? facts.author,
    approvers: roles.length > 0 ? roles.map((role) => role.role) : (decision.level?.approvers ?? []),
    approved_by: Object.fromEntries(
      roles.map((role) => [role.role, role.approvedBy.map((counted) => counted.login)]),
    ),
    approval_deadline: decision.deadline,
    estimated_approval_time: decision.level?.approval_timeout ?? null,
    headline: decision.headline,
  };
};
