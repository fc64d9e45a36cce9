import type { VerifiedEntry } from '../history/verified-entry.ts';
import type { Policy } from '../policy/policy.ts';
import { roleHolders } from '../policy/role-holders.ts';
import type { AuditApproval } from './audit-export.ts';

const strings = (value: unknown): string[] =>
  (Array.isArray(value) ? value : [value]).filter((item): item is string => typeof item === 'string');

/**
 * Every approval the signed history records: for each `approved` or `retroactively_approved` entry, each
 * role in its `data.approvers` and each login under it, with the entry's time, commit and block hash. Who
 * holds the role comes from `policy` (its `roles:` map, else the organisation team of the role's name).
 */
export const approvalsOf = (entries: readonly VerifiedEntry[], policy: Policy): AuditApproval[] =>
  entries.flatMap(({ entry, commentId }): AuditApproval[] => {
    if (entry.event !== 'approved' && entry.event !== 'retroactively_approved') return [];
    const approvers = entry.data.approvers;
    if (typeof approvers !== 'object' || approvers === null || Array.isArray(approvers)) return [];
    const conditions = strings(entry.data.conditions);
    return Object.entries(approvers).flatMap(([role, logins]) =>
      strings(logins).map((login) => ({
        login,
        role,
        holders: roleHolders(policy, role),
        event: entry.event as AuditApproval['event'],
        recorded_at: entry.at,
        head_sha: entry.head_sha,
        block_hash: entry.block_hash,
        conditions,
        comment_id: commentId,
        entry_key: entry.key,
      })),
    );
  });

/** The commit the last approval bound to (`head_sha` of the last approval entry); null when none names one. */
export const approvedShaOf = (entries: readonly VerifiedEntry[]): string | null =>
  entries.findLast(({ entry }) => entry.event === 'approved' || entry.event === 'retroactively_approved')
    ?.entry.head_sha ?? null;
