import type { DeploymentWrite, DeployPort } from '../../src/github/ports/deploy-port.ts';
import { GitHubError } from '../../src/github/ports/github-error.ts';
import { randomUUID } from './random-uuid.ts';

/** Payload key that names one creation attempt: the deployment a lost answer created is found by it. */
export const CREATION_TOKEN_KEY = 'change_gate_request';

/** How many deployments (newest first) are searched for the one a lost answer created. */
const RECENT_DEPLOYMENTS = 30;

/** The write may have happened: GitHub answered 5xx (a proxy timing out behind it) or nothing came back. */
export const mayHaveWritten = (error: unknown): boolean =>
  error instanceof GitHubError && (error.status === null || error.status >= 500);

/** The creation token in a deployment's payload (an object, or JSON text: GitHub returns either). */
const tokenOf = (payload: unknown): unknown => {
  let value = payload;
  if (typeof value === 'string') {
    try {
      value = JSON.parse(value);
    } catch {
      return undefined;
    }
  }
  return typeof value === 'object' && value !== null
    ? (value as Record<string, unknown>)[CREATION_TOKEN_KEY]
    : undefined;
};

/**
 * The port with its two creating writes made safe to retry. The client does not send a creating POST again
 * (create-action-octokit.ts): after a 5xx or a lost answer GitHub may have created the deployment or the
 * status all the same ("502 after the write"), so before each new try this re-reads GitHub:
 * - a deployment carries a random token in its payload (`change_gate_request`); the newest deployments of
 *   the environment are searched for it, and one found is the one this run created;
 * - a status is written only if the deployment has no status with the same state and description yet.
 * The last try is followed by a re-read too. Other failures (4xx) are thrown at once; when the tries run out
 * and the re-read finds nothing (or fails) the last failure is thrown: GitHub may still have written, which
 * the caller says (a deployment then exists that no deploy follows: the app records its creation as the
 * deploy's start, and drops it once a later deployment to the environment has finished).
 */
export function retrySafeDeployWrites(
  port: DeployPort,
  options: { delaysMs: readonly number[]; sleep(ms: number): Promise<void>; newToken?: () => string },
): DeployPort {
  const newToken = options.newToken ?? (() => randomUUID());

  const withRereads = async <T>(write: () => Promise<T>, reread: () => Promise<T | null>): Promise<T> => {
    for (let attempt = 0; ; attempt++) {
      try {
        return await write();
      } catch (error) {
        if (!mayHaveWritten(error)) throw error;
        const delay = options.delaysMs[attempt];
        const lastTry = delay === undefined;
        // After the last try too (after the longest wait): what GitHub wrote all the same is used, not left
        // behind as a deployment that never ran (the app would record its creation as the deploy's start).
        await options.sleep(delay ?? options.delaysMs.at(-1) ?? 0);
        // A failed re-read fails the write: nothing is written twice on a guess. After the last try the
        // write's own failure is the one reported.
        const found = lastTry ? await reread().catch(() => null) : await reread();
        if (found !== null) return found;
        if (lastTry) throw error;
      }
    }
  };

  const findDeployment = async (write: DeploymentWrite, token: string): Promise<{ id: number } | null> => {
    const recent = await port.listDeployments({
      environment: write.environment,
      page: 1,
      perPage: RECENT_DEPLOYMENTS,
    });
    const created = recent.find(
      (deployment) => deployment.sha === write.sha && tokenOf(deployment.payload) === token,
    );
    return created ? { id: created.id } : null;
  };

  return {
    ...port,
    async createDeployment(write) {
      const token = newToken();
      const marked = { ...write, payload: { ...(write.payload as object), [CREATION_TOKEN_KEY]: token } };
      return withRereads(
        () => port.createDeployment(marked),
        () => findDeployment(write, token),
      );
    },
    async createDeploymentStatus(write) {
      return withRereads(
        () => port.createDeploymentStatus(write),
        async () => {
          const statuses = await port.listDeploymentStatuses(write.deploymentId);
          const there = statuses.some(
            (status) => status.state === write.state && status.description === write.description,
          );
          return there ? undefined : null;
        },
      );
    },
  };
}
