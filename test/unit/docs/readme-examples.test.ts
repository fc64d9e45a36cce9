import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { checkCompleteness } from '../../../src/core/change-request/check-completeness.ts';
import { parseChange } from '../../../src/core/change-request/parse-change.ts';
import { defaultPolicy } from '../../../src/core/policy/default-policy.ts';
import { loadPolicy } from '../../../src/core/policy/load-policy.ts';

const README = readFileSync(new URL('../../../README.md', import.meta.url), 'utf8');
const yamlBlocks = [...README.matchAll(/```yaml\n([\s\S]*?)```/g)].map((match) => match[1]!);

describe('README examples', () => {
  it('has change request examples (the form, maintenance windows) that are valid and complete', () => {
    const examples = yamlBlocks.filter((block) => block.startsWith('change_request:'));
    expect(examples).toHaveLength(2);
    for (const example of examples) {
      const result = parseChange(example);
      if (result.status !== 'valid') throw new Error(JSON.stringify(result));
      expect(checkCompleteness(defaultPolicy(), result.change).every((item) => item.ok)).toBe(true);
    }
  });

  it('has config examples that load, the first one being the defaults', () => {
    const examples = yamlBlocks.filter((block) => /^(_extends|change_management):/m.test(block));
    // The defaults, _extends, escalation contacts, maintenance windows, and one per notification channel.
    expect(examples).toHaveLength(7);
    const loaded = examples.map((example) => loadPolicy(example));
    expect(loaded.map((result) => (result.status === 'invalid' ? result.problems : result.status))).toEqual(
      examples.map(() => 'valid'),
    );
    expect(loaded[0]!.status === 'valid' && loaded[0]!.policy).toEqual(defaultPolicy());
  });
});
