import type { Probot } from 'probot';
import { createOctokitLabelPort } from '../github/octokit/octokit-label-port.ts';
import type { RequestOctokit } from '../github/octokit/request-octokit.ts';
import { styleStatusLabels } from '../use-cases/style-status-labels.ts';

/**
 * Most repositories one installation event styles; the rest get their labels created grey on first use (GitHub's
 * default), which `change-gate labels` colours.
 */
export const MAX_REPOSITORIES_STYLED = 30;

/**
 * Time between two label writes. The app spaces an installation's writes one a second after a burst
 * (src/ops/throttle-groups.ts): writing slower than that leaves the burst whole for change events, so
 * styling a new installation's labels never delays a check run.
 */
export const LABEL_WRITE_PAUSE_MS = 2_000;

interface Log {
  info(message: string): void;
  warn(message: string): void;
}

/** `owner/name` → the repository reference. */
const repoOf = (fullName: string) => {
  const [owner = '', repo = ''] = fullName.split('/');
  return { owner, repo };
};

/**
 * Gives the status labels their colours in the repositories an installation adds, so that a change's events
 * never spend a call on it (DESIGN: few round trips). Cosmetic: a repository that fails is logged and skipped.
 */
const styleRepositories = async (options: {
  octokit: RequestOctokit;
  repositories: readonly { full_name: string }[];
  log: Log;
  pauseMs: number;
}): Promise<void> => {
  const labels = createOctokitLabelPort(options.octokit);
  const pause = () => new Promise((resolve) => setTimeout(resolve, options.pauseMs));
  // Each write after a pause: the bucket of the installation's writes refills meanwhile.
  const port = {
    listLabels: labels.listLabels,
    createLabel: async (...args: Parameters<typeof labels.createLabel>) => {
      await pause();
      return labels.createLabel(...args);
    },
    updateLabel: async (...args: Parameters<typeof labels.updateLabel>) => {
      await pause();
      return labels.updateLabel(...args);
    },
  };
  const chosen = options.repositories.slice(0, MAX_REPOSITORIES_STYLED);
  for (const { full_name: name } of chosen) {
    try {
      const styled = await styleStatusLabels({ port, repo: repoOf(name) });
      options.log.info(
        `status labels of ${name}: ${styled.created.length} created, ${styled.restyled.length} given their colour`,
      );
    } catch (error) {
      options.log.warn(`status labels of ${name} not styled (they work all the same): ${String(error)}`);
    }
  }
  const left = options.repositories.length - chosen.length;
  if (left > 0)
    options.log.info(
      `status labels of ${left} more repositories not styled (at most ${MAX_REPOSITORIES_STYLED} per event): run \`change-gate labels --repo owner/name\``,
    );
};

/**
 * Installing the app on repositories styles their status labels once (installation and installation_repositories).
 * The webhook is answered at once; the styling goes on in the background, one installation event after the
 * other, its writes spaced `pauseMs` apart. A restart in the middle leaves the rest grey: `change-gate labels`.
 */
export const registerInstallationHandlers = (
  app: Probot,
  options: { pauseMs?: number; onStyled?: () => void } = {},
): void => {
  let queue: Promise<void> = Promise.resolve();
  const style = (job: Omit<Parameters<typeof styleRepositories>[0], 'pauseMs'>) => {
    queue = queue
      .then(() => styleRepositories({ ...job, pauseMs: options.pauseMs ?? LABEL_WRITE_PAUSE_MS }))
      .catch((error: unknown) => job.log.warn(`status labels not styled: ${String(error)}`))
      .finally(() => options.onStyled?.());
  };
  app.on('installation.created', async (context) =>
    style({ octokit: context.octokit, repositories: context.payload.repositories ?? [], log: context.log }),
  );
  app.on('installation_repositories.added', async (context) =>
    style({ octokit: context.octokit, repositories: context.payload.repositories_added, log: context.log }),
  );
};
