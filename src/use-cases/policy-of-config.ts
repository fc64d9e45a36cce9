import { CONFIG_PATH } from '../core/policy/config-path.ts';
import { loadPolicy, type PolicyLoad } from '../core/policy/load-policy.ts';
import type { ConfigSource } from '../github/ports/github-port.ts';

/** The policy a config read gives; a config that could not be read at all is an invalid policy, saying why. */
export const policyOfConfig = (config: Pick<ConfigSource, 'config' | 'error'>): PolicyLoad =>
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
