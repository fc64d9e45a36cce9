import type { createGitHubSimulator } from '../../../sandbox/github-sim/index.ts';
import { changeIdOf } from '../../../src/core/decision/change-id.ts';
import type { HistorySigner } from '../../../src/core/history/create-signer.ts';
import type { HistoryEvent } from '../../../src/core/history/history-entry.ts';
import { signedHistoryBodies } from '../../support/signed-history-bodies.ts';

type Simulator = ReturnType<typeof createGitHubSimulator>;

const HOUR = 3_600_000;
const PRIORITIES = ['critical', 'high', 'medium', 'low'] as const;

/** One change's planned history: what it records, relative to its opening. */
interface Planned {
  event: HistoryEvent;
  offsetMs: number;
  data?: Record<string, unknown>;
}

/**
 * The history of change `index` of a seeded set, by rule (so a test can count by hand): priority cycles
 * critical, high, medium, low; every change is submitted when opened and approved 2 hours later; every
 * fourth change is also escalated an hour after submission (at its approval level, period 1).
 */
export const plannedHistory = (index: number): Planned[] => {
  const priority = PRIORITIES[index % 4] as string;
  const steps: Planned[] = [
    {
      event: 'submitted',
      offsetMs: 0,
      data: { title: `Change ${index}`, level: priority, priority, change_type: 'feature' },
    },
  ];
  if (index % 4 === 0)
    steps.push({
      event: 'escalated',
      offsetMs: HOUR,
      data: { overdue: 'approval', level: priority, period: 1 },
    });
  steps.push({ event: 'approved', offsetMs: 2 * HOUR, data: { role: 'change-manager' } });
  return steps;
};

/**
 * Seeds `count` changes in `repo`, opened `spacingMs` apart from `start`, labelled `label`, each with its
 * history (see `plannedHistory`) signed by `signer` and posted as the app's bot comments, in bulk and without
 * webhooks (`seedIssues`, then `seedComments`). Returns the issue numbers.
 */
export const seedSignedChanges = (options: {
  sim: Simulator;
  repo: string;
  author: string;
  signer: HistorySigner;
  count: number;
  start: number;
  spacingMs: number;
  label?: string;
  botLogin?: string;
}): number[] => {
  const { sim, repo, signer } = options;
  const openedAt = (index: number) => options.start + index * options.spacingMs;
  const numbers = sim.seedIssues({
    repo,
    author: options.author,
    issues: Array.from({ length: options.count }, (_, index) => ({
      title: `Change ${index}`,
      labels: [options.label ?? 'change'],
      createdAt: new Date(openedAt(index)).toISOString(),
    })),
  });
  numbers.forEach((number, index) => {
    const createdAt = new Date(openedAt(index)).toISOString();
    const changeId = changeIdOf({ createdAt, number });
    const bodies = signedHistoryBodies(
      signer,
      plannedHistory(index).map((step) => {
        const at = new Date(openedAt(index) + step.offsetMs).toISOString();
        const deadline = step.event === 'escalated' ? { deadline: at } : {};
        return {
          draft: {
            event: step.event,
            change_id: changeId,
            actor: step.event === 'approved' ? 'approver' : 'requester',
            head_sha: null,
            block_hash: null,
            data: { repository: repo, number, ...step.data, ...deadline },
          },
          at,
        };
      }),
    );
    sim.seedComments({ repo, number, author: options.botLogin ?? 'change-gate[bot]', bodies });
  });
  return numbers;
};
