import { appendEntry } from '../../../../src/core/history/append-entry.ts';
import type { HistorySigner } from '../../../../src/core/history/create-signer.ts';
import { createVerifier } from '../../../../src/core/history/create-verifier.ts';
import { entryHash } from '../../../../src/core/history/entry-hash.ts';
import type { HistoryEvent } from '../../../../src/core/history/history-entry.ts';
import { readHistory } from '../../../../src/core/history/read-history.ts';
import { renderHistoryComment } from '../../../../src/core/history/render-history-comment.ts';
import type { ReportChange } from '../../../../src/core/report/report.ts';
import { appKey, appSigner, BOT, comment } from '../../history/history-fixtures.ts';

export interface Step {
  event: HistoryEvent;
  at: string;
  actor?: string;
  data?: Record<string, unknown>;
}

/** `CHG-2025-007` for number 7. */
export const changeIdOf = (number: number): string => `CHG-2025-${String(number).padStart(3, '0')}`;

/**
 * A change as a report reads it: each step appended and signed the way the app does, posted as a bot
 * comment, then read back with `readHistory` (so the problems are the reader's own). `edit` may rewrite the
 * comment bodies first, e.g. to tamper with one.
 */
export const changeOf = (options: {
  repository: string;
  number: number;
  steps: readonly Step[];
  signer?: HistorySigner;
  edit?: (bodies: string[]) => string[];
}): ReportChange => {
  const { repository, number } = options;
  const changeId = changeIdOf(number);
  const written: Array<{ entry: ReturnType<typeof appendEntry>; hash: string; body: string }> = [];
  for (const step of options.steps) {
    const entry = appendEntry({
      history: written,
      draft: {
        event: step.event,
        change_id: changeId,
        actor: step.actor ?? 'someone',
        head_sha: 'a'.repeat(40),
        block_hash: `sha256:${'1'.repeat(64)}`,
        data: { repository, number, ...(step.data ?? {}) },
      },
      at: step.at,
    });
    const signed = (options.signer ?? appSigner).sign(entry);
    written.push({ entry, hash: entryHash(signed), body: renderHistoryComment({ signed }) });
  }
  const bodies = options.edit ? options.edit(written.map((w) => w.body)) : written.map((w) => w.body);
  const history = readHistory({
    comments: bodies.map((body) => comment(body)),
    botLogin: BOT,
    verifiers: [createVerifier(appKey.spki)],
    changeId,
    repository,
    number,
  });
  return { repository, number, changeId, history };
};

/** Shorthand for January 2025 times: `jan(3, 12)` = 2025-01-03T12:00:00Z, `jan(12, 1, 30)` = …01:30. */
export const jan = (day: number, hour = 0, minute = 0): string =>
  new Date(Date.UTC(2025, 0, day, hour, minute)).toISOString();

export const submitted = (
  at: string,
  data: { priority: string; change_type: string; title?: string; level?: string },
): Step => ({
  event: 'submitted',
  at,
  actor: 'requester',
  data: { title: `Change submitted ${at}`, level: data.priority, ...data },
});

export const approved = (at: string): Step => ({
  event: 'approved',
  at,
  actor: 'approver',
  data: { role: 'change-manager' },
});

const production = (deploymentId: number) => ({
  environment: 'production',
  production: true,
  deployment_id: deploymentId,
});

export const deployed = (
  event: 'implementing' | 'completed' | 'failed' | 'rolled_back',
  at: string,
  deploymentId: number,
): Step => ({ event, at, actor: 'deployer', data: production(deploymentId) });
