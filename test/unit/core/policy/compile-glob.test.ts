import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compileGlob } from '../../../../src/core/policy/compile-glob.ts';

const matches = (pattern: string, path: string): boolean => compileGlob(pattern)(path);

describe('compileGlob', () => {
  it.each([
    ['docs/*.md', 'docs/readme.md', true],
    ['docs/*.md', 'docs/sub/readme.md', false],
    ['docs/**', 'docs/sub/deep/readme.md', true],
    ['docs/', 'docs/a/b.txt', true],
    ['docs/**/*.md', 'docs/readme.md', true],
    ['docs/**/*.md', 'docs/a/b/readme.md', true],
    ['docs/**/*.md', 'docs/a/b/readme.txt', false],
    ['**/*.md', 'readme.md', true],
    ['**/*.md', 'a/b/readme.md', true],
    ['**.md', 'a/b/readme.md', true],
    ['*', 'readme.md', true],
    ['*', 'a/readme.md', false],
    ['?.txt', 'a.txt', true],
    ['?.txt', 'ab.txt', false],
    ['a?b', 'a/b', false],
    ['/config/*.yml', 'config/app.yml', true],
    ['./config/*.yml', 'config/app.yml', true],
    ['config/app.yml', 'config/app.yml', true],
    ['config/app.yml', 'config/app.yaml', false],
    ['config/app.yml', 'xconfig/app.yml', false],
    ['src/**/test/*.ts', 'src/a/test/b.ts', true],
    ['src/**/test/*.ts', 'src/test/b.ts', true],
    ['src/**/test/*.ts', 'src/a/test/c/b.ts', false],
    ['*.{js,ts}', 'a.js', false],
    ['i18n/😀/*.json', 'i18n/😀/en.json', true],
    ['i18n/?/*.json', 'i18n/😀/en.json', true],
    ['', '', true],
    ['', 'a', false],
  ])('%s vs %s → %s', (pattern, path, expected) => {
    expect(matches(pattern, path)).toBe(expected);
  });

  it('regex metacharacters are literal', () => {
    expect(matches('a.b/(x)+[y]$', 'a.b/(x)+[y]$')).toBe(true);
    expect(matches('a.b', 'axb')).toBe(false);
  });

  it('stays fast on patterns that make backtracking matchers explode', () => {
    const pattern = `${'*a'.repeat(200)}b`;
    const path = 'a'.repeat(4_000);
    expect(matches(pattern, path)).toBe(false);
    expect(matches('**/**/**/**/**/**/**/**/x', `${'a/'.repeat(2_000)}y`)).toBe(false);
  });

  it('never matches over-long patterns or paths, and non-strings', () => {
    expect(matches(`${'a'.repeat(1_001)}`, 'a'.repeat(1_001))).toBe(false);
    expect(matches('**', `${'a'.repeat(5_000)}`)).toBe(false);
    expect(compileGlob('**')(null as unknown as string)).toBe(false);
  });

  it('a pattern without wildcards matches exactly itself', () => {
    fc.assert(
      fc.property(
        fc
          .string({ maxLength: 20 })
          .filter(
            (s) =>
              !/[*?]/.test(s) && !s.startsWith('/') && !s.startsWith('../../approval/') && !s.endsWith('/'),
          ),
        fc.string({ maxLength: 20 }),
        (literal, other) => {
          expect(matches(literal, literal)).toBe(true);
          if (other !== literal) expect(matches(literal, other)).toBe(false);
        },
      ),
    );
  });

  it('** matches every path and * every path without a slash', () => {
    fc.assert(
      fc.property(
        fc.string({ maxLength: 30 }).filter((s) => !s.startsWith('/') && !s.startsWith('../../approval/')),
        (path) => {
          expect(matches('**', path)).toBe(true);
          expect(matches('*', path)).toBe(!path.includes('/'));
        },
      ),
    );
  });
});
