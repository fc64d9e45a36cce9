import type { Probot } from 'probot';
import { createOctokitLabelPort } from '../github/octokit/octokit-label-port.ts';
import type { RequestOctokit } from '../github/octokit/request-octokit.ts';
import { styleStatusLabels } from '../use-cases/style-status-labels.ts';

/**
 * Most repositories one installation event styles; the rest get their labels created grey on first use (GitHub's
 * default), which `change-gate labels` colours. Bounds the writes one event starts (the app's client spaces
 * them per installation anyway).
 */
export const MAX_REPOSITORIES_STYLED = 30;

/** `owner/name` → the repository reference. */
const repoOf = (fullName: string) => {
  const [owner = '', repo = ''] = fullName.split('/');
  return { owner, repo };
};

/**
 * Gives the status labels their colours in the repositories an installation adds, so that a change's events
 * never spend a call on it (DESIGN: few round trips). Cosmetic: a repository that fails is logged and skipped,
 * never retried by failing the event.
 */
const styleRepositories = async (options: {
  octokit: RequestOctokit;
  repositories: readonly { full_name: string }[];
  log: { info(message: string): void; warn(message: string): void };
}): Promise<void> => {
  const port = createOctokitLabelPort(options.octokit);
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

/** Installing the app on repositories styles their status labels once (installation and installation_repositories). */
export const registerInstallationHandlers = (app: Probot): void => {
  app.on('installation.created', (context) =>
    styleRepositories({
      octokit: context.octokit,
      repositories: context.payload.repositories ?? [],
      log: context.log,
    }),
  );
  app.on('installation_repositories.added', (context) =>
    styleRepositories({
      octokit: context.octokit,
      repositories: context.payload.repositories_added,
      log: context.log,
    }),
  );
};
