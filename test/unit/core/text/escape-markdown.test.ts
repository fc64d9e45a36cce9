import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { escapeMarkdown } from '../../../../src/core/text/escape-markdown.ts';

describe('escapeMarkdown', () => {
  it('neutralises HTML, links, images, mentions, code and table pipes', () => {
    const escaped = escapeMarkdown(
      '<img src=x onerror=alert(1)> [click](https://evil.example) ![i](x) @org/team `code` a|b',
    );
    expect(escaped).not.toMatch(/<|>/);
    expect(escaped).not.toContain('](');
    expect(escaped).not.toContain('@');
    expect(escaped).not.toMatch(/(^|[^\\])`/);
    expect(escaped).not.toMatch(/(^|[^\\])\|/);
    expect(escaped).not.toMatch(/https:\/\//);
  });

  it('collapses to one line and strips control and bidi characters', () => {
    expect(escapeMarkdown('line one\n\n| --- |\r\nline\u202etwo\u0000')).toBe(
      'line one \\| \\-\\-\\- \\| line two',
    );
  });

  it('caps the length, counting characters not UTF-16 units', () => {
    const escaped = escapeMarkdown('😀'.repeat(1_000), 10);
    expect([...escaped]).toHaveLength(10);
    expect(escaped.endsWith('…')).toBe(true);
    expect(escapeMarkdown('short', 10)).toBe('short');
  });

  it('letters, digits and spaces pass through unchanged', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[A-Za-z0-9 ]{0,50}$/), (text) => {
        expect(escapeMarkdown(text)).toBe(text.trim());
      }),
    );
  });

  it('never lets an unescaped Markdown or HTML special character through', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }), (text) => {
        const escaped = escapeMarkdown(text);
        expect(escaped).not.toMatch(/[<>@\n\r]/);
        // Every Markdown special character is part of an entity we produced or preceded by a backslash.
        const withoutEntities = escaped.replace(/&(lt|gt|amp|#64);/g, '');
        expect(withoutEntities.replace(/\\[!#$&()*+\-.:<=>@[\\\]^_`{|}~]/g, '')).not.toMatch(
          /[!#$&()*+\-.:<=>@[\\\]^_`{|}~]/,
        );
      }),
    );
  });
});
