import type { VerifiedEntry } from '../history/verified-entry.ts';
import { PRIORITIES } from './procedure-metrics.ts';
import { inPeriod, type ReportPeriod } from './report-period.ts';

/** What is overdue when the app escalates (see `escalationOf`), in the order the lifecycle meets them. */
const OVERDUE = ['approval', 'retroactive_approval', 'post_implementation_review'] as const;

/**
 * The escalations recorded in a period (a new key of the report): every verified `escalated` entry whose own
 * time falls in the period, of every counted change, whenever it was submitted.
 */
export interface EscalationCounts {
  /** `escalated` entries of the period. */
  total: number;
  /** Distinct changes with at least one of them. */
  changes: number;
  /** By the change's submitted priority (the procedure's four first, zeros included). */
  by_priority: Record<string, number>;
  /** By the approval level the entry names (`data.level`: whose contacts were told). */
  by_level: Record<string, number>;
  /** By what was overdue: approval, retroactive approval, post-implementation review. */
  by_overdue: Record<string, number>;
  /** By escalation round (`data.period`: 1 at the deadline, 2 one timeout later…). */
  by_round: Record<string, number>;
}

const word = (value: unknown, fallback: string): string =>
  typeof value === 'string' && value.trim() !== '' ? value.trim().toLowerCase() : fallback;

const bump = (counts: Record<string, number>, key: string): void => {
  counts[key] = (counts[key] ?? 0) + 1;
};

/** Keys known first (zeros kept), the others after them, sorted: a stable order whatever was read first. */
const sorted = (counts: Record<string, number>, known: readonly string[]): Record<string, number> => {
  const others = Object.keys(counts)
    .filter((key) => !known.includes(key))
    .sort((a, b) => (/^\d+$/.test(a) && /^\d+$/.test(b) ? Number(a) - Number(b) : a < b ? -1 : 1));
  return Object.fromEntries([...known, ...others].map((key) => [key, counts[key] ?? 0]));
};

/** Escalations gathered one change at a time: counters only. */
export const createEscalationCounter = (period: ReportPeriod) => {
  let total = 0;
  let changes = 0;
  const byPriority: Record<string, number> = {};
  const byLevel: Record<string, number> = {};
  const byOverdue: Record<string, number> = {};
  const byRound: Record<string, number> = {};
  return {
    /** One change's verified entries and its submitted priority (`unknown` without one). */
    add(entries: readonly VerifiedEntry[], priority: string): void {
      let found = 0;
      for (const { entry } of entries) {
        if (entry.event !== 'escalated' || !inPeriod(period, entry.at)) continue;
        found += 1;
        bump(byPriority, priority);
        bump(byLevel, word(entry.data.level, 'unknown'));
        bump(byOverdue, word(entry.data.overdue, 'approval'));
        const round = entry.data.period;
        bump(
          byRound,
          typeof round === 'number' && Number.isInteger(round) && round > 0 ? String(round) : 'unknown',
        );
      }
      total += found;
      if (found > 0) changes += 1;
    },
    finish(): EscalationCounts {
      return {
        total,
        changes,
        by_priority: sorted(byPriority, PRIORITIES),
        by_level: sorted(byLevel, []),
        by_overdue: sorted(byOverdue, OVERDUE),
        by_round: sorted(byRound, []),
      };
    },
  };
};
