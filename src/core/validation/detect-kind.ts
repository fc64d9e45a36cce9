import type { InputKind } from './file-result.ts';

const FENCE = /^ {0,3}(```|~~~)/m;
const ROOT_KEY = /^(["']?)(change_request|change_management|_extends)\1[ \t]*:/gm;

/**
 * What a file holds, when `--kind` is not given: Markdown by extension or by a code fence; otherwise the
 * root key decides (`change_request:` → a change request, `change_management:` or `_extends:` → a config);
 * a file named change-management.yml is a config even when empty. Null when nothing tells.
 */
export function detectKind(file: string, text: string): InputKind | null {
  if (/\.(md|markdown)$/i.test(file) || FENCE.test(text)) return 'markdown';
  const keys = new Set([...text.matchAll(ROOT_KEY)].map((match) => match[2]));
  if (keys.has('change_request')) return 'change';
  if (keys.has('change_management') || keys.has('_extends')) return 'config';
  if (/(^|[/\\])change-management\.ya?ml$/i.test(file)) return 'config';
  return null;
}
