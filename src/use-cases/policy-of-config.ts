import { CONFIG_PATH } from '../core/policy/config-path.ts';
import { loadPolicy, type PolicyLoad } from '../core/policy/load-policy.ts';
import { deepFreeze } from '../core/validation/deep-freeze.ts';
import type { ConfigSource } from '../github/ports/github-port.ts';

/**
 * Policies loaded from frozen configs (the same object while a repository's config files read the same:
 * src/github/octokit/config-resolutions.ts), frozen in turn: loading validates and merges, and is the same
 * every time.
 */
const loaded = new WeakMap<object, PolicyLoad>();

/** The policy a config read gives; a config that could not be read at all is an invalid policy, saying why. */
export const policyOfConfig = (config: Pick<ConfigSource, 'config' | 'error'>): PolicyLoad => {
  const source = config.config;
  if (config.error || typeof source !== 'object' || source === null || !Object.isFrozen(source))
    return loadConfig(config);
  let policy = loaded.get(source);
  if (policy === undefined) {
    policy = deepFreeze(loadConfig(config));
    loaded.set(source, policy);
  }
  return policy;
};

const loadConfig = (config: Pick<ConfigSource, 'config' | 'error'>): PolicyLoad =>
  config.error
    ? {
        status: 'invalid',
        problems: [
          {
            message: `${CONFIG_PATH} cannot be read: ${config.error}`,
            line: 0,
            column: 0,
            severity: 'error',
          },
        ],
      }
    : loadPolicy(config.config);
