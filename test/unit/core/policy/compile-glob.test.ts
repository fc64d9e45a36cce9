import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  compileGlob,
  globProblem,
  MAX_BRACE_ALTERNATIVES,
  MAX_GLOB_CHARS,
  MAX_PATH_CHARS,
} from '../../../../src/core/policy/compile-glob.ts';
import { loadPolicy } from '../../../../src/core/policy/load-policy.ts';

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
    ['*.{js,ts}', 'a.js', true],
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
            (s) => !/[*?[\]{}()!\\]/.test(s) && !s.startsWith('/') && !s.startsWith('./') && !s.endsWith('/'),
          ),
        fc.string({ maxLength: 20 }),
        (literal, other) => {
          expect(matches(literal, literal)).toBe(true);
          // A path's leading `/` or `./` is ignored, as a pattern's is (`/` is `""` then, `/a` is `a`).
          if (other.replace(/^\.?\//, '') !== literal) expect(matches(literal, other)).toBe(false);
        },
      ),
    );
  });

  it('** matches every path and * every path without a slash', () => {
    fc.assert(
      fc.property(
        fc
          .string({ maxLength: 30 })
          .filter(
            (s) => !s.startsWith('/') && !s.split('/').some((segment) => segment === '.' || segment === '..'),
          ),
        (path) => {
          expect(matches('**', path)).toBe(true);
          expect(matches('*', path)).toBe(!path.includes('/'));
        },
      ),
    );
  });
});

describe('compileGlob: syntax beyond * ** ?', () => {
  it.each([
    ['*.{js,ts}', 'a.ts', true],
    ['*.{js,ts}', 'a.md', false],
    ['{src,lib}/**', 'lib/a/b.ts', true],
    ['{src,lib}/**', 'test/a.ts', false],
    ['x.{a,{b,c}}', 'x.c', true],
    ['x{,.bak}', 'x', true],
    ['x{,.bak}', 'x.bak', true],
    ['[abc].txt', 'b.txt', true],
    ['[abc].txt', 'd.txt', false],
    ['v[0-9].md', 'v7.md', true],
    ['v[0-9].md', 'vx.md', false],
    ['[!a].md', 'b.md', true],
    ['[!a].md', 'a.md', false],
    ['[^a].md', 'a.md', false],
    ['a[!b]c', 'a/c', false],
    ['[[:digit:]].md', '7.md', true],
    ['i18n/[😀😁]/*.json', 'i18n/😁/en.json', true],
    ['i18n/??/*.json', 'i18n/😀/en.json', false],
    ['app/[id].tsx', 'app/[id].tsx', true], // brackets written out also match themselves
    ['app/[id].tsx', 'app/i.tsx', true],
    ['app/(marketing)/**', 'app/(marketing)/page.tsx', true],
    ['app/(marketing)/**', 'app/marketing/page.tsx', false],
    ['a\\*b', 'a*b', true],
    ['a\\*b', 'axb', false],
    ['\\!important.md', '!important.md', true],
    ['a\\{b,c}', 'a{b,c}', true],
    ['a\\{b,c}', 'ab', false],
    ['"a*"', '"ab"', true], // quotes are plain characters, not quoting
    ['a+b@c,d', 'a+b@c,d', true],
    ['a}b', 'a}b', true],
    ['.github/**', '.github/workflows/ci.yml', true],
    ['*', '.env', true],
    ['docs/*.md', 'Docs/a.md', false],
    ['**', 'a/../b', false], // `*` and `**` never match a `.` or `..` segment, which git never stores
    ['a/../b', 'a/../b', true],
  ])('%s vs %s → %s', (pattern, path, expected) => {
    expect(globProblem(pattern)).toBeNull();
    expect(matches(pattern, path)).toBe(expected);
  });

  it('matches a path at the length limit, and none beyond it', () => {
    expect(matches('**/*.md', `${'a/'.repeat((MAX_PATH_CHARS - 4) / 2)}a.md`)).toBe(true);
    expect(matches('**/*.md', `${'a/'.repeat((MAX_PATH_CHARS - 2) / 2)}a.md`)).toBe(false);
  });
});

describe('globProblem: refuses what it does not support, saying what to write instead', () => {
  it.each([
    ['!docs/**', /starts with "!".*name what to include.*"\\!"/],
    ['src/!(test)/**', /extended glob "!\(…\)".*\{a,b\} for alternatives.*"\\\("/],
    ['@(a|b).md', /extended glob "@\(…\)"/],
    ['+(a).md', /extended glob "\+\(…\)"/],
    ['*(a).md', /extended glob "\*\(…\)"/],
    ['?(a).md', /extended glob "\?\(…\)"/],
    ['v{1..3}.md', /ranges such as \{1\.\.3\} are not supported; list the alternatives/],
    ['{docs/**,*.md}', /"\/" inside \{…\}.*separate patterns/],
    ['a\\d', /"\\d": a backslash only makes the glob character after it literal/],
    ['a\\', /ends with a lone "\\"/],
    ['a[b', /a "\[" without its "\]"; write "\\\[" for a literal "\["/],
    ['a]b', /a "\]" without its "\["/],
    ['a{b', /a "\{" without its "\}"/],
    ['*a*a*b', /has 3 wildcards that can match in many ways.*split it/],
    ['**/a/**/b/**', /has 3 wildcards/],
    ['**/x*y*', /has 3 wildcards/], // the two stars share a segment, the ** crosses segments
    ['a**b**c*d', /has 3 wildcards/],
    ['{*a*,b}*', /has 3 wildcards/], // counted across alternatives
    ['{a,b}{c,d}{e,f}{g,h}{i,j}', /expands to 32 alternatives.*at most 16/],
    ['x.{a,{b,c}}{d,e,f,g,h,i}', /expands to 24 alternatives/],
    ['a'.repeat(MAX_GLOB_CHARS + 1), /is longer than 1000 characters/],
  ])('%s', (pattern, message) => {
    expect(globProblem(pattern)).toMatch(message);
    expect(globProblem(pattern)).toContain(`glob "${pattern}"`);
    expect(matches(pattern, pattern)).toBe(false);
    expect(matches(pattern, 'a.md')).toBe(false);
  });

  it('accepts what stays within the bounds', () => {
    for (const pattern of [
      'apps/*/k8s/**/*.yaml', // a * alone in its segment can only end at the next /
      '*/*/*/*/*.json',
      '**/migrations/**',
      '*a*b',
      `*.{${Array.from({ length: MAX_BRACE_ALTERNATIVES }, (_, i) => `e${i}`).join(',')}}`,
      '**/**/**/**/**/**/**/**/x', // picomatch reads repeated ** as one
    ])
      expect(globProblem(pattern), pattern).toBeNull();
  });

  it('every pattern either compiles or gets a specific reason, never a regex error', () => {
    const unit = fc.constantFrom(
      ...'ab/-,#@!%&\'"`~=;:<> .^$|+é😀_0*?[]{}()\\\n',
      '[a]',
      '{a,b}',
      '**/',
      '[!a]',
    );
    fc.assert(
      fc.property(fc.string({ unit, maxLength: 12 }), (pattern) => {
        // A range ({1..3}, {..}) is refused on purpose, with its own reason; any other "not a valid glob" is
        // picomatch's regex error leaking through.
        expect(globProblem(pattern) ?? '').not.toMatch(/is not a valid glob(?!: ranges such as)/);
        expect(typeof compileGlob(pattern)('a/b.c')).toBe('boolean');
      }),
      { numRuns: 2_000 },
    );
  });
});

describe('the config loader reports refused globs where they are written', () => {
  it('rejects the config, naming the key, the line and what to write instead', () => {
    const text = [
      'change_management:',
      '  scope:',
      '    branches: [main, "!main"]',
      '    paths: ["infra/**", "src/@(a|b)/**"]',
      '  pre_approved:',
      '    - {id: docs, description: d, paths: ["docs/**", "v{1..3}/*.md"]}',
    ].join('\n');
    const result = loadPolicy(text);
    if (result.status !== 'invalid') throw new Error('expected the config to be rejected');
    expect(result.problems.map((problem) => [problem.line, problem.path, problem.message])).toEqual([
      [
        3,
        '/change_management/scope/branches/1',
        expect.stringMatching(/^scope\.branches\[1\]: glob "!main" starts with "!"/),
      ],
      [
        4,
        '/change_management/scope/paths/1',
        expect.stringMatching(/^scope\.paths\[1\]: glob "src\/@\(a\|b\)\/\*\*" uses the extended glob/),
      ],
      [
        6,
        '/change_management/pre_approved/0/paths/1',
        expect.stringMatching(
          /^pre_approved\[0\]\.paths\[1\]: glob "v\{1\.\.3\}\/\*\.md" is not a valid glob: ranges/,
        ),
      ],
    ]);
  });

  it('accepts braces and brackets', () => {
    expect(
      loadPolicy('change_management:\n  scope:\n    paths: ["**/*.{tf,tfvars}", "k8s/[a-z]*/**"]\n').status,
    ).toBe('valid');
  });
});

describe('compileGlob: picomatch compiles to a backtracking RegExp, so the bounds keep it fast', () => {
  // Each pattern is as ambiguous as globProblem allows; each path makes its wildcards try every split.
  // Within the bounds the worst is O(path²), tens of milliseconds at 4,096 characters; one more
  // ambiguous wildcard is O(path³), seconds per match, and the timeout below fails the test.
  const two = '{a,aa}';
  const allowed = [
    '*a*b',
    '**/a/**/b',
    '**a**b',
    `*${two}${two}${two}${two}*b`,
    `**/${'a/'.repeat(3)}**/b`,
    '**/a/**/*b',
    '*?*?b',
  ];
  const hostile = [
    'a'.repeat(MAX_PATH_CHARS),
    'a/'.repeat(MAX_PATH_CHARS / 2),
    `${'a/'.repeat(MAX_PATH_CHARS / 4)}${'a'.repeat(MAX_PATH_CHARS / 2)}`,
  ];
  it('matches the most ambiguous allowed patterns against hostile paths at the length limit', () => {
    for (const pattern of allowed) {
      expect(globProblem(pattern), pattern).toBeNull();
      for (const path of hostile) expect(matches(pattern, path)).toBe(false);
    }
  }, 10_000);
});
