import { stringify } from 'yaml';

/**
 * A change request form as the fenced `yaml` block Change Gate reads (`change_request:` root), from fields
 * the REST API validated. Values are written by the YAML library (quoted as needed), so no text can break
 * out of the block or add keys; the closing fence is longer than any backtick run in the values.
 */
export const renderChangeBlock = (form: Record<string, unknown>): string => {
  const yaml = stringify({ change_request: form }, { lineWidth: 0 }).trimEnd();
  const longest = Math.max(2, ...[...yaml.matchAll(/`+/g)].map((run) => run[0].length));
  const fence = '`'.repeat(longest + 1);
  return `${fence}yaml\n${yaml}\n${fence}`;
};
