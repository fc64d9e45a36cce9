import picomatch from 'picomatch';

/** Longer patterns or paths never match: GitHub paths are far shorter, and this bounds the work. */
export const MAX_GLOB_CHARS = 1_000;
export const MAX_PATH_CHARS = 4_096;
/**
 * picomatch compiles to a backtracking RegExp, which tries every way a wildcard can split the path.
 * A wildcard that can match in many ways (a `**`, or a `*` sharing its path segment with another
 * wildcard) multiplies the work by up to the path's length, so two of them cost O(path²), about as
 * much as the worst pattern cost the hand-written matcher this replaced, and three would cost
 * seconds on a 4,096-character path. A `*` alone in its segment has one way to succeed and costs
 * a scan of the segment.
 */
export const MAX_AMBIGUOUS_WILDCARDS = 2;
/** `{a,b}` groups multiply the work by their alternatives: `{a,b}/{c,d}` counts 4. */
export const MAX_BRACE_ALTERNATIVES = 16;

const OPTIONS: picomatch.PicomatchOptions = {
  dot: true, // `*` and `**` match dotfiles and .github/ like any other name
  windows: false, // `/` is the only separator, whatever the runner's OS
  nonegate: true, // refused with a message below: a scope lists what to include
  noextglob: true, // refused with a message below
  posix: true, // `[!a]` negates like `[^a]`; `[[:digit:]]` classes
  strictBrackets: true, // an unclosed `[` or `{` is a mistake, reported, not a literal
  strictSlashes: true, // `*` does not match `a/`
  expandRange: () => {
    throw new Error('ranges such as {1..3} are not supported; list the alternatives, e.g. {1,2,3}');
  },
};
/** For the tokens only: the fast paths compile some patterns without producing any. */
const PARSE_OPTIONS: picomatch.PicomatchOptions = { ...OPTIONS, fastpaths: false };
/** What a regular expression may escape in unicode mode outside a class (plus `-` inside one). */
const UNICODE_ESCAPABLE = new Set('^$\\.*+?()[]{}|/');

/** Each bracket's partner, to name what picomatch found unbalanced. */
const PAIRS: Record<string, string> = { '[': ']', ']': '[', '{': '}', '}': '{' };

type Compiled = { match: (path: string) => boolean } | { problem: string };

/**
 * Compiles a path (or branch) glob with picomatch: `*` (within one path segment), `**` (across
 * segments; `docs/**` + `/*.md` also matches `docs/a.md`), `?` (one character, not `/`), `[abc]`,
 * `[a-z]`, `[!abc]`, `{a,b}` and `\` before a glob character to make it literal. Parentheses and `"`
 * are plain characters; a path spelled exactly like the pattern matches it. Case matters; `*` and
 * `**` match dotfiles but never a `.` or `..` segment. A leading `/` or `./` is ignored; a trailing
 * `/` means everything below. A pattern that {@link globProblem} refuses never matches (the config
 * loader reports it), nor does a path longer than {@link MAX_PATH_CHARS}.
 */
export function compileGlob(pattern: string): (path: string) => boolean {
  const compiled = compileOnce(pattern);
  if ('problem' in compiled) return () => false;
  return (path) =>
    typeof path === 'string' && path.length <= MAX_PATH_CHARS && compiled.match(path.replace(/^\.?\//, ''));
}

/** Why a glob is refused, naming the pattern and what to write instead; null when it is usable. */
export function globProblem(pattern: string): string | null {
  const compiled = compileOnce(pattern);
  return 'problem' in compiled ? compiled.problem : null;
}

/** Patterns compiled so far: each evaluation matches the policy's scope again, mostly with the same few globs. */
const COMPILED = new Map<string, Compiled>();
const MAX_COMPILED = 512;

/** `compile`, remembered: parsing and building the RegExp cost far more than a match. */
function compileOnce(pattern: string): Compiled {
  const known = typeof pattern === 'string' ? COMPILED.get(pattern) : undefined;
  if (known) return known;
  const compiled = compile(pattern);
  if (typeof pattern === 'string') {
    // Bounded: a process reading many organisations' configs starts over rather than grow without end.
    if (COMPILED.size >= MAX_COMPILED) COMPILED.clear();
    COMPILED.set(pattern, compiled);
  }
  return compiled;
}

function compile(pattern: string): Compiled {
  if (typeof pattern !== 'string') return { problem: 'a glob must be a string' };
  const refuse = (why: string): Compiled => ({ problem: `glob "${pattern}" ${why}` });
  if (pattern.length > MAX_GLOB_CHARS) return refuse(`is longer than ${MAX_GLOB_CHARS} characters`);
  let glob = pattern.replace(/^\.?\//, '');
  if (glob.endsWith('/')) glob += '**';
  // picomatch throws on an empty pattern; the hand-written matcher let it match the empty path only.
  if (glob === '') return { match: (path) => path === '' };
  const input = escapeLiterals(glob);
  if (typeof input !== 'string') return refuse(input.problem);
  if (glob.startsWith('!')) {
    return refuse(
      'starts with "!", a negation in other tools: Change Gate lists only include, so name what to include (write "\\!" for a name that starts with "!")',
    );
  }
  let regex: RegExp;
  try {
    const shape = complexity(picomatch.parse(input, PARSE_OPTIONS).tokens);
    if (typeof shape === 'string') return refuse(shape);
    if (shape.ambiguous > MAX_AMBIGUOUS_WILDCARDS) {
      return refuse(
        `has ${shape.ambiguous} wildcards that can match in many ways (each "**", and each "*" sharing its path segment with another wildcard); at most ${MAX_AMBIGUOUS_WILDCARDS} keep matching fast, so split it into simpler patterns`,
      );
    }
    if (shape.alternatives > MAX_BRACE_ALTERNATIVES) {
      return refuse(
        `expands to ${shape.alternatives} alternatives through its {…} groups; at most ${MAX_BRACE_ALTERNATIVES} are allowed, so split it into several patterns`,
      );
    }
    // Unicode mode, so that `?` and `[😀]` take a whole character; dotAll, so that `**` takes newlines.
    regex = new RegExp(unicodeSource(picomatch.makeRe(input, OPTIONS).source), 'us');
  } catch (caught) {
    const message = caught instanceof Error ? caught.message : String(caught);
    const missing = /^Missing (?:closing|opening): "(.)"/.exec(message)?.[1];
    const lone = missing === undefined ? undefined : PAIRS[missing];
    if (lone === undefined) return refuse(`is not a valid glob: ${message}`);
    return refuse(`has a "${lone}" without its "${missing}"; write "\\${lone}" for a literal "${lone}"`);
  }
  // The empty path: picomatch matches nothing to it; `*` and `**` did in the hand-written matcher.
  return { match: (path) => path === glob || (path === '' ? /^\*+$/.test(glob) : regex.test(path)) };
}

/**
 * Checks escapes and refuses extended globs, then escapes `(`, `)` and `"`, which picomatch would
 * read as regex groups and quoting: they stay plain characters, as in `app/(marketing)/**`.
 */
function escapeLiterals(glob: string): string | { problem: string } {
  let out = '';
  let previous = ''; // the previous character when it was not escaped
  for (let i = 0; i < glob.length; i++) {
    const char = glob[i] as string;
    if (char === '\\') {
      const code = glob.codePointAt(i + 1);
      if (code === undefined) return { problem: 'ends with a lone "\\"; write "\\\\" for a backslash' };
      const next = String.fromCodePoint(code);
      if (/[A-Za-z0-9]/.test(next)) {
        return {
          problem: `has "\\${next}": a backslash only makes the glob character after it literal, e.g. "\\*" or "\\["`,
        };
      }
      out += char + next;
      i += next.length;
      previous = '';
      continue;
    }
    if (char === '(' && '!@+*?'.includes(previous) && previous !== '') {
      return {
        problem: `uses the extended glob "${previous}(…)", which is not supported: write {a,b} for alternatives, or "\\(" for a literal parenthesis`,
      };
    }
    out += char === '(' || char === ')' || char === '"' ? `\\${char}` : char;
    previous = char;
  }
  return out;
}

/**
 * Counts, from picomatch's own tokens, the wildcards that can match in many ways and the
 * alternatives of the `{…}` groups; refuses a `/` inside braces, which would let alternatives join
 * segments and defeat the count. Counting is conservative: alternatives are multiplied even when
 * only one can match. The few shapes picomatch compiles without these tokens (`**.md`, `**`
 * + `/*.md`) have at most two wildcards, within the bound anyway.
 */
function complexity(
  tokens: ReadonlyArray<{ type: string; value: string }>,
): { ambiguous: number; alternatives: number } | string {
  let ambiguous = 0;
  let alternatives = 1;
  const groups: number[] = [];
  let runs = 0; // wildcard runs in the current segment
  let crossing = 0; // of which can cross `/`
  let previous = '';
  let runCrosses = false;
  const endSegment = () => {
    ambiguous += runs > 1 ? runs : crossing;
    runs = 0;
    crossing = 0;
  };
  for (const token of tokens) {
    if (token.type === 'star' || token.type === 'globstar') {
      const continues = previous === 'star' || previous === 'globstar';
      if (!continues) runs++;
      // `a**b` reads as two stars: count them as one run, and as one that may cross `/`.
      if (!runCrosses || !continues) {
        runCrosses = continues || token.type === 'globstar';
        if (runCrosses) crossing++;
      }
    } else if (token.type === 'slash') {
      if (groups.length > 0)
        return 'has "/" inside {…}: alternatives stay within one path segment, so write separate patterns instead';
      endSegment();
    } else if (token.type === 'brace' && token.value === '{') {
      groups.push(1);
    } else if (token.type === 'comma' && groups.length > 0) {
      groups[groups.length - 1] = (groups.at(-1) as number) + 1;
    } else if (token.type === 'brace' && token.value === '}') {
      alternatives *= groups.pop() ?? 1;
    }
    previous = token.type;
  }
  endSegment();
  return { ambiguous, alternatives };
}

/**
 * picomatch writes regexes for the legacy (non-unicode) syntax, escaping characters such as `-`, `!`
 * or `,` that unicode mode refuses to see escaped, and leaving a literal `}` or `]` bare. This keeps
 * every character literal in a form unicode mode accepts: an escape of anything but a syntax
 * character (or `-` in a class) becomes the bare character, a bare `{`, `}` or `]` gets escaped.
 */
function unicodeSource(source: string): string {
  let out = '';
  let inClass = false;
  for (let i = 0; i < source.length; i++) {
    const char = source[i] as string;
    if (char === '\\') {
      const next = source[i + 1] ?? '';
      i++;
      const keep = UNICODE_ESCAPABLE.has(next) || /[A-Za-z0-9]/.test(next) || (inClass && next === '-');
      out += keep ? `\\${next}` : next;
    } else if (inClass) {
      if (char === ']') inClass = false;
      out += char;
    } else if (char === '[') {
      inClass = true;
      out += char;
    } else if (char === '{') {
      const quantifier = /^\{\d+(,\d*)?\}/.exec(source.slice(i))?.[0];
      out += quantifier ?? '\\{';
      if (quantifier) i += quantifier.length - 1;
    } else if (char === '}' || char === ']') {
      out += `\\${char}`;
    } else {
      out += char;
    }
  }
  return out;
}
