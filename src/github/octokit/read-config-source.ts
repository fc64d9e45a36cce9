import type { ProbotOctokit } from 'probot';
import { CONFIG_PATH } from '../../core/policy/config-path.ts';
import { resolveConfig } from '../../core/policy/resolve-config.ts';
import { errorMessage } from '../ports/error-message.ts';
import type { ConfigSource, RepoRef } from '../ports/github-port.ts';
import { blobText } from './blob-text.ts';
import type { ChangeFactsResult } from './change-facts-query.ts';
import { type ConfigResolutions, createConfigResolutions } from './config-resolutions.ts';
import { octokitConfigFilePort } from './octokit-config-file-port.ts';
import { toGitHubError } from './to-github-error.ts';

type Octokit = InstanceType<typeof ProbotOctokit>;

/** The config file's text from the facts answer; undefined when the answer cannot say (then REST reads it). */
export const configTextOf = (result: ChangeFactsResult): string | null | undefined =>
  blobText(result.repository?.config);

/** This process's last resolution of each repository's config (the files are read every time). */
const resolutions = createConfigResolutions();

/**
 * Never throws: an unreadable or unparsable file is reported as `error` (the evaluation fails closed).
 * `prefetched` is the repository's own file as the facts query read it on the default branch, when it did.
 */
export const readConfigFile = async (
  octokit: Octokit,
  repo: RepoRef,
  prefetched?: Promise<string | null | undefined>,
  kept: ConfigResolutions = resolutions,
): Promise<ConfigSource> => {
  try {
    // The one loader the action and the protection rule use too: Probot's config plugin's rules (default
    // branch, org `.github` fallback, `_extends`), layers merged key by key, the base first.
    const { readConfigFile: readRest } = octokitConfigFilePort(octokit);
    const own = (location: { owner: string; repo: string; path: string }) =>
      location.path === CONFIG_PATH &&
      location.owner.toLowerCase() === repo.owner.toLowerCase() &&
      location.repo.toLowerCase() === repo.repo.toLowerCase();
    const read: typeof readRest = async (location) => {
      const text = own(location) && prefetched ? await prefetched : undefined;
      return text === undefined ? readRest(location) : text;
    };
    const { config, files } = await kept.resolve({
      key: `${repo.owner}/${repo.repo}`.toLowerCase(),
      read,
      resolve: (reading) => resolveConfig({ ...repo, path: CONFIG_PATH, read: reading }),
    });
    return { config, files, error: null };
  } catch (error) {
    return { config: null, files: [], error: errorMessage(toGitHubError(error)) };
  }
};
