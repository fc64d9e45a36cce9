import type { ConfigFilePort } from '../ports/config-file-port.ts';
import type { RequestOctokit } from './request-octokit.ts';

/**
 * ConfigFilePort over GitHub's contents API, as Probot's config plugin reads: raw text, no `ref` (the
 * default branch), 404 = absent, any other failure thrown (the caller fails closed).
 */
export function octokitConfigFilePort(octokit: RequestOctokit): ConfigFilePort {
  return {
    async readConfigFile({ owner, repo, path }) {
      try {
        // see: https://docs.github.com/rest/repos/contents#get-repository-content
        const { data } = await octokit.request('GET /repos/{owner}/{repo}/contents/{path}', {
          owner,
          repo,
          path,
          mediaType: { format: 'raw' },
        });
        if (typeof data !== 'string') {
          throw new Error(`${owner}/${repo}:${path} is a directory or a submodule, not a config file`);
        }
        return data;
      } catch (error) {
        if ((error as { status?: number }).status === 404) return null;
        throw error;
      }
    },
  };
}
