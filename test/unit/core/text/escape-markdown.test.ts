import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  codeSpan,
  escapeMarkdown,
  markdownLine,
  mention,
} from '../../../../src/core/text/escape-markdown.ts';

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

const HOSTILE =
  'cc @everyone <img src=x onerror=alert(1)> <!-- x --> [click](https://evil.example) ![i](x) `code` a|b **b**';
const MARKDOWN_DIALECTS = ['check-output', 'history-sentence', 'job-summary'] as const;

describe('escapeMarkdown dialects', () => {
  it('check-output is the default and what a bare number means', () => {
    expect(escapeMarkdown(HOSTILE, { dialect: 'check-output', maxChars: 50 })).toBe(
      escapeMarkdown(HOSTILE, 50),
    );
    expect(escapeMarkdown('@alice: a.b (c)')).toBe('&#64;alice\\: a\\.b \\(c\\)');
  });

  it.each(MARKDOWN_DIALECTS)(
    '%s: no mention, no HTML, no link or image, no code, no cell break',
    (dialect) => {
      const escaped = escapeMarkdown(HOSTILE, { dialect });
      expect(escaped).not.toMatch(/@(?!\u200b)/);
      expect(escaped).not.toMatch(/[<>]/);
      // Every [ ] ` | * is escaped, so no link, image, code span, cell break or emphasis can start.
      expect(escaped).not.toMatch(/(^|[^\\])[[\]`|*]/);
    },
  );

  it('history-sentence follows @ with a zero-width space and leaves dates, roles and URLs readable', () => {
    expect(escapeMarkdown('@everyone', { dialect: 'history-sentence' })).toBe('@\u200beveryone');
    expect(
      escapeMarkdown('security-team due 2026-03-02T10:00:00Z (see http://x.example)', {
        dialect: 'history-sentence',
      }),
    ).toBe('security-team due 2026-03-02T10:00:00Z (see http://x.example)');
    expect(escapeMarkdown('<b>&</b> $x$ #1 ~~s~~', { dialect: 'history-sentence' })).toBe(
      '&lt;b&gt;&amp;&lt;/b&gt; \\$x\\$ \\#1 \\~\\~s\\~\\~',
    );
  });

  it('job-summary writes < > & @ | as numeric references and escapes the rest with backslashes', () => {
    expect(escapeMarkdown('a | <b> & @c [d]', { dialect: 'job-summary' })).toBe(
      'a &#124; &#60;b&#62; &#38; &#64;c \\[d\\]',
    );
  });

  it('plain-text only puts the text on one line and caps it', () => {
    expect(escapeMarkdown(' a *b*\n<c> @d ', { dialect: 'plain-text' })).toBe('a *b* <c> @d');
    expect(escapeMarkdown('abcdef', { dialect: 'plain-text', maxChars: 4 })).toBe('abc…');
  });

  it('caps before escaping, in every dialect, so an escape is never cut in half', () => {
    for (const dialect of MARKDOWN_DIALECTS) {
      const escaped = escapeMarkdown('<'.repeat(50), { dialect, maxChars: 5 });
      expect(escaped.endsWith('…')).toBe(true);
      expect(escaped.replace(/&(lt|#60);/g, '')).toBe('…');
    }
  });

  it('strips bidi overrides and zero-width characters from the input, in every dialect', () => {
    for (const dialect of [...MARKDOWN_DIALECTS, 'plain-text'] as const) {
      expect(escapeMarkdown('a\u202eb\u200bc\u2028d', { dialect })).toBe('a b c d');
    }
  });
});

describe('codeSpan', () => {
  it('wraps text in one code span that backticks and line breaks cannot end', () => {
    expect(codeSpan('change')).toBe('`change`');
    expect(codeSpan('a`b``c\nd')).toBe('`a b c d`');
    expect(codeSpan('@alice <b>')).toBe('`@alice <b>`');
  });

  it('caps the text with an ellipsis', () => {
    expect(codeSpan('x'.repeat(200), 10)).toBe(`\`${'x'.repeat(9)}…\``);
    expect(codeSpan('x'.repeat(200))).toHaveLength(102);
  });
});

describe('mention', () => {
  it('mentions a valid login on purpose, brackets of [bot] escaped', () => {
    expect(mention('alice')).toBe('@alice');
    expect(mention('dependabot[bot]', 'history-sentence')).toBe('@dependabot\\[bot\\]');
  });

  it('writes anything else as escaped text that mentions nobody, capped at 40 characters', () => {
    expect(mention('x"><img src=x>')).toBe('x"&gt;&lt;img src\\=x&gt;');
    expect(mention('@org/team', 'history-sentence')).toBe('@\u200borg/team');
    expect([...mention('-'.repeat(100))].filter((char) => char !== '\\')).toHaveLength(40);
  });

  it('is the bare login in plain text', () => {
    expect(mention('alice', 'plain-text')).toBe('alice');
  });
});

describe('markdownLine', () => {
  it('keeps composed Markdown on one line without HTML, and keeps the zero-width spaces of escaped mentions', () => {
    expect(markdownLine('**a** @\u200bb\n<!-- x -->\r\nc', 100)).toBe('**a** @\u200bb &lt;!-- x --&gt; c');
    expect(markdownLine('abcdef', 4)).toBe('abc…');
  });
});
