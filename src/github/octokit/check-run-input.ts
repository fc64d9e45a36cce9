import type { CheckRunWrite } from '../ports/github-port.ts';
import { checkRunBody } from './check-run-body.ts';

/**
 * A check run's fields in GraphQL's spelling (createCheckRun's and updateCheckRun's inputs share them): REST's
 * body (check-run-body.ts: cut outputs), upper-case enums, and when a completed run completed.
 */
export const checkRunInput = (run: CheckRunWrite, now: Date): Record<string, unknown> => {
  const body = checkRunBody(run);
  const completed = run.status === 'completed' && run.conclusion !== null;
  return {
    name: body.name,
    externalId: body.external_id,
    status: run.status.toUpperCase(),
    ...(completed ? { conclusion: run.conclusion?.toUpperCase(), completedAt: now.toISOString() } : {}),
    output: body.output,
  };
};
