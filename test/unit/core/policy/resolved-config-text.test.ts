import { describe, expect, it } from 'vitest';
import { loadPolicy } from '../../../../src/core/policy/load-policy.ts';
import { resolvedConfigText } from '../../../../src/core/policy/resolved-config-text.ts';

describe('resolvedConfigText', () => {
  it('is null without a config, and the one file verbatim when one file holds it', () => {
    expect(resolvedConfigText({ resolved: { config: null, files: [] }, texts: [] })).toBeNull();
    const own = '# ours\nchange_management:\n  label: cr\n';
    expect(
      resolvedConfigText({
        resolved: { config: { change_management: { label: 'cr' } }, files: ['acme/shop:x.yml'] },
        texts: [own],
      }),
    ).toBe(own);
  });

  it('writes merged layers as YAML that loads to the same policy, naming the files', () => {
    const config = {
      change_management: { label: 'cr', metrics: { targets: { change_success_rate: 90 } } },
    };
    const text = resolvedConfigText({
      resolved: { config, files: ['acme/shop:a.yml', 'acme/.github:b.yml'] },
      texts: ['change_management:\n  label: cr\n_extends: .github:b.yml\n', 'change_management: {}\n'],
    });
    expect(text).toMatch(/^# Merged by change-gate from acme\/shop:a\.yml, acme\/\.github:b\.yml/);
    const fromText = loadPolicy(text);
    const fromObject = loadPolicy(config);
    expect(fromText.status).toBe('valid');
    expect(fromText).toEqual(fromObject);
  });
});
