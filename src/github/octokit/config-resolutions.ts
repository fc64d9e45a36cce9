import type { ConfigLocation, ReadConfigFile, ResolvedConfig } from '../../core/policy/resolve-config.ts';
import { deepFreeze } from '../../core/validation/deep-freeze.ts';

/** One resolution of a repository's config: the files it read, in order, and what they resolved to. */
interface Resolution {
  reads: { location: ConfigLocation; text: string | null }[];
  resolved: ResolvedConfig;
}

/**
 * The last config resolution of each repository, reused while the same files read the same: resolving is a
 * pure function of the texts read (YAML parse, `_extends`, merge), so every evaluation still reads every
 * layer, and only the parsing is saved. The reused config is frozen and is the same object each time (the
 * policy loaded from it can be reused too: policyOfConfig). Bounded: `repositories` entries, and
 * configurations whose files hold more than `maxChars` are never kept.
 */
export interface ConfigResolutions {
  resolve(options: {
    /** The repository's key (`owner/repo`, lower case). */
    key: string;
    read: ReadConfigFile;
    resolve: (read: ReadConfigFile) => Promise<ResolvedConfig>;
  }): Promise<ResolvedConfig>;
}

const labelOf = (location: ConfigLocation): string =>
  `${location.owner}/${location.repo}:${location.path}`.toLowerCase();

export const createConfigResolutions = (
  options: { repositories?: number; maxChars?: number } = {},
): ConfigResolutions => {
  const repositories = options.repositories ?? 100;
  const maxChars = options.maxChars ?? 32_768;
  const kept = new Map<string, Resolution>();
  return {
    async resolve({ key, read, resolve }) {
      // Each file is read once per resolution, whether the check below or the resolution asks for it.
      const texts = new Map<string, Promise<string | null>>();
      const reads: Resolution['reads'] = [];
      const readOnce: ReadConfigFile = (location) => {
        const label = labelOf(location);
        let text = texts.get(label);
        if (!text) {
          text = read(location);
          texts.set(label, text);
        }
        return text;
      };
      const previous = kept.get(key);
      if (previous) {
        let same = true;
        for (const earlier of previous.reads) {
          if ((await readOnce(earlier.location)) !== earlier.text) {
            same = false;
            break;
          }
        }
        if (same) return previous.resolved;
      }
      const resolved = await resolve(async (location) => {
        const text = await readOnce(location);
        reads.push({ location: { ...location }, text });
        return text;
      });
      const chars = reads.reduce((sum, { text }) => sum + (text?.length ?? 0), 0);
      kept.delete(key);
      if (chars <= maxChars) {
        kept.set(key, { reads, resolved: deepFreeze(resolved) });
        if (kept.size > repositories) kept.delete(kept.keys().next().value as string);
      }
      return resolved;
    },
  };
};
