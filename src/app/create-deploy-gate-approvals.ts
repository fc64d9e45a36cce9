import type { DeployGateApprovals, GateApproval } from '../use-cases/deploy-gate-approvals.ts';

/** A deploy job rarely runs longer; a later status reads the range afresh. */
export const GATE_APPROVAL_TTL_MS = 6 * 60 * 60_000;

/**
 * The process's memory of its gate approvals, capped (the oldest goes first) and expiring. An entry holds at
 * most the gate's bounds (2,500 commit SHAs, 100 pull requests without their bodies): about 100 KB at worst.
 */
export const createDeployGateApprovals = (
  options: { capacity?: number; ttlMs?: number; now?: () => number } = {},
): DeployGateApprovals => {
  const capacity = options.capacity ?? 200;
  const ttlMs = options.ttlMs ?? GATE_APPROVAL_TTL_MS;
  const now = options.now ?? Date.now;
  const entries = new Map<string, { at: number; approval: GateApproval }>();
  return {
    remember: (key, approval) => {
      entries.delete(key);
      entries.set(key, { at: now(), approval });
      if (entries.size > capacity) entries.delete(entries.keys().next().value as string);
    },
    recall: (key) => {
      const entry = entries.get(key);
      if (entry === undefined) return undefined;
      if (now() - entry.at >= ttlMs) {
        entries.delete(key);
        return undefined;
      }
      return entry.approval;
    },
  };
};
