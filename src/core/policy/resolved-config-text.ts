import { stringify } from 'yaml';
import type { ResolvedConfig } from './resolve-config.ts';

/**
 * The text of a resolved config, for a reader who gets only text (an audit export, re-loaded by `audit verify`):
 * the one file's own text when a single file holds it, else the merged layers as YAML, headed by a comment
 * naming the files. `texts` are the texts of the files in `resolved.files`' order. Null when there is none.
 */
export const resolvedConfigText = (options: {
  resolved: ResolvedConfig;
  texts: readonly string[];
}): string | null => {
  const { resolved, texts } = options;
  if (resolved.config === null) return null;
  if (resolved.files.length === 1 && texts.length === 1) return texts[0] as string;
  return `# Merged by change-gate from ${resolved.files.join(', ')} (the first wins, _extends removed).\n${stringify(resolved.config)}`;
};
