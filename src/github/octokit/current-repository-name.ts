import type { ChangeRef, RepoRef } from '../ports/github-port.ts';
import { isChangeGone } from './github-gone.ts';
import { expectObject, type RequestOctokit } from './request-octokit.ts';

/**
 * The current name of the repository GitHub knew as `repo`: another one when it was renamed or transferred
 * since (GitHub answers its old name with 301 and the new location, which the client follows), the same when it
 * was not, or null when GitHub says it is gone (404, 410). Throws when GitHub cannot tell (5xx, no answer) or
 * answers without a `full_name`.
 */
export const currentRepositoryName = async (
  octokit: RequestOctokit,
  repo: RepoRef,
): Promise<RepoRef | null> => {
  let data: unknown;
  try {
    // see: https://docs.github.com/rest/repos/repos#get-a-repository
    ({ data } = await octokit.request('GET /repos/{owner}/{repo}', { owner: repo.owner, repo: repo.repo }));
  } catch (error) {
    if (isChangeGone(error)) return null;
    throw error;
  }
  const fullName = expectObject({ data, what: `GET /repos/${repo.owner}/${repo.repo}` }).full_name;
  const [owner, name, ...rest] = typeof fullName === 'string' ? fullName.split('/') : [];
  if (!owner || !name || rest.length > 0) {
    throw new Error(
      `GitHub answered GET /repos/${repo.owner}/${repo.repo} without the repository's full_name`,
    );
  }
  return { owner, repo: name };
};

/**
 * Where change `ref` lives now when its repository was renamed or transferred: the same number under the
 * repository's current name; null when the repository still answers under this name, or is gone. Throws when
 * GitHub cannot tell (see currentRepositoryName).
 */
export const movedChange = async (octokit: RequestOctokit, ref: ChangeRef): Promise<ChangeRef | null> => {
  const current = await currentRepositoryName(octokit, ref);
  if (current === null) return null;
  const same = `${current.owner}/${current.repo}`.toLowerCase() === `${ref.owner}/${ref.repo}`.toLowerCase();
  return same ? null : { ...current, number: ref.number };
};
