import type { LabelPort, RepositoryLabel } from '../ports/label-port.ts';
import { hasNextPage, readAllPages } from './read-all-pages.ts';
import { expectList, type RequestOctokit } from './request-octokit.ts';
import { withGitHubErrors } from './to-github-error.ts';

/** More labels than anyone keeps in one repository (100 a page). */
const MAX_LABEL_PAGES = 10;

const labelOf = (raw: unknown): RepositoryLabel | null => {
  const label = raw as { name?: unknown; color?: unknown; description?: unknown } | null;
  if (typeof label?.name !== 'string' || typeof label.color !== 'string') return null;
  return {
    name: label.name,
    color: label.color,
    description: typeof label.description === 'string' ? label.description : null,
  };
};

/** LabelPort over GitHub's REST API (issues: write, or pull requests: write, lets an app manage labels). */
export const createOctokitLabelPort = (octokit: RequestOctokit): LabelPort =>
  withGitHubErrors<LabelPort>({
    listLabels(repo) {
      return readAllPages({
        what: `the labels of ${repo.owner}/${repo.repo}`,
        maxPages: MAX_LABEL_PAGES,
        async page(page) {
          // see: https://docs.github.com/rest/issues/labels#list-labels-for-a-repository
          const response = await octokit.request('GET /repos/{owner}/{repo}/labels', {
            owner: repo.owner,
            repo: repo.repo,
            per_page: 100,
            page,
          });
          const items = expectList({ data: response.data, what: `the labels of ${repo.owner}/${repo.repo}` });
          return {
            items: items.map(labelOf).filter((label) => label !== null),
            next: hasNextPage(response),
          };
        },
      });
    },

    async createLabel(repo, label) {
      try {
        // see: https://docs.github.com/rest/issues/labels#create-a-label
        await octokit.request('POST /repos/{owner}/{repo}/labels', {
          owner: repo.owner,
          repo: repo.repo,
          ...label,
        });
      } catch (error) {
        // 422 already_exists: someone (or a change's labels) created it since the list was read.
        if ((error as { status?: unknown }).status !== 422) throw error;
      }
    },

    async updateLabel(repo, label) {
      // see: https://docs.github.com/rest/issues/labels#update-a-label
      await octokit.request('PATCH /repos/{owner}/{repo}/labels/{name}', {
        owner: repo.owner,
        repo: repo.repo,
        ...label,
      });
    },
  });
