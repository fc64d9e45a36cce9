import type { Change } from '../change-request/change.ts';
import { parseDuration } from '../text/parse-duration.ts';
import type { Policy } from './policy.ts';

export interface ResolvedLevel {
  /** Level name in `approval_workflow`: emergency, critical, high, medium or low. */
  name: string;
  approvers: string[];
  approval_timeout: string;
  timeoutMs: number;
}

/**
 * The approval level a change needs: `emergency` when its urgency or classification is emergency,
 * else its priority, where `critical` uses a `critical` level when the policy has one and `high`
 * otherwise. Reads only classification, urgency and priority: nothing system-owned.
 */
export function resolveApprovalLevel(policy: Policy, change: Change): ResolvedLevel {
  const name = levelName(policy, change);
  const level = policy.approval_workflow[name];
  if (!level) throw new Error(`the policy has no approval level "${name}"; load policies with loadPolicy`);
  return {
    name,
    approvers: [...level.approvers],
    approval_timeout: level.approval_timeout,
    timeoutMs: parseDuration(level.approval_timeout),
  };
}

function levelName(policy: Policy, change: Change): string {
  if (change.urgency === 'emergency' || change.classification === 'emergency') return 'emergency';
  if (change.priority === 'critical')
    return Object.hasOwn(policy.approval_workflow, 'critical') ? 'critical' : 'high';
  return change.priority;
}
