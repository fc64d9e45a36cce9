import type { ConfigLocation } from '../../core/policy/resolve-config.ts';

/**
 * Reads config files where the policy lives: on the default branch of a repository, never at a deployed
 * or proposed commit (no commit can lower its own bar). Implemented with Octokit in
 * `src/github/octokit/octokit-config-file-port.ts`; the app's readConfig and the deploy gate share it.
 */
export interface ConfigFilePort {
  /** The file's text on the default branch; null when the file or the repository is absent (404). */
  readConfigFile(location: ConfigLocation): Promise<string | null>;
}
