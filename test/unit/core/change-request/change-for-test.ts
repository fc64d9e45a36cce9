import type { Change } from '../../../../src/core/change-request/change.ts';
import { parseChange } from '../../../../src/core/change-request/parse-change.ts';

/** A valid Change from form lines (indented two spaces under change_request:), in a Markdown body. */
export function changeFrom(lines: string[], changeTypes?: readonly string[]): Change {
  const body = `Text\n\n\`\`\`yaml\nchange_request:\n${lines.map((line) => `  ${line}`).join('\n')}\n\`\`\`\n`;
  const result = parseChange(body, changeTypes ? { changeTypes } : {});
  if (result.status !== 'valid') throw new Error(`test change is not valid: ${JSON.stringify(result)}`);
  return result.change;
}

export const BASE_FORM = ['title: Add dark mode', 'change_type: feature', 'priority: medium'];
